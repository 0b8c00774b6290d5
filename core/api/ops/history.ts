import { z } from 'zod';
import { op } from '../define.js';

// Operations of the history domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const historyOps = {};

void z;
void op;

import { z } from 'zod';
import { op } from '../define.js';

// Operations of the source domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const sourceOps = {};

void z;
void op;

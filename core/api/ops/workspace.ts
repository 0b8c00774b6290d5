import { z } from 'zod';
import { op } from '../define.js';

// Operations of the workspace domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const workspaceOps = {};

void z;
void op;

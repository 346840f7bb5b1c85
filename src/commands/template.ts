import type { Command } from 'commander';
import type { App } from '../cli/app.js';
export function register(_p: Command, _a: App): void {}

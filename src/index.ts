import { run } from './action.js';

// The action's entry point: run() reports everything through @actions/core.
void run();

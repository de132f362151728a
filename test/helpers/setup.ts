import { registerModules } from '../../src/modules.ts';

// Every test file sees the platform as the app composes it: all modules' messages registered.
registerModules();

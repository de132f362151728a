// Vite (the tests) compiles JSX for development, which imports `jsxDEV` from here: the same runtime.
export { jsx as jsxDEV, Fragment } from './jsx-runtime.ts';

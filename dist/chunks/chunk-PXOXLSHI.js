import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
var KEBAB_NAME=/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,SNAKE_NAME=/^[a-z_][a-z0-9_]*$/,IDENTIFIER=/^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/,ENV_NAME=/^[A-Za-z_][A-Za-z0-9_]*$/;export{KEBAB_NAME,SNAKE_NAME,IDENTIFIER,ENV_NAME};

import '../bin/register-ts.mjs';

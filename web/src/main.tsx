import '@cloudscape-design/global-styles/index.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config as zodConfig } from 'zod';
import { App } from './App.js';

// zod compiles object parsers with `new Function` unless told not to, and first probes whether it may: under
// the app's Content-Security-Policy (no 'unsafe-eval') that probe is a CSP violation. Parsing works the same.
zodConfig({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

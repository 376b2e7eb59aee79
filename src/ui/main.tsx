import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadModelIndex } from './actions';
import { registerOffline } from './offline';
import { startBackend } from './workers';
import './styles.css';
import { applyTheme, storedTheme } from './theme';

applyTheme(storedTheme()); // before the first paint, so a dark page never flashes white

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void startBackend();
void loadModelIndex();
registerOffline();

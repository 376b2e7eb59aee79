import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadModelIndex } from './actions';
import { registerOffline } from './offline';
import { startBackend } from './workers';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void startBackend();
void loadModelIndex();
registerOffline();

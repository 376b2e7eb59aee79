import { BackendBadge } from './components/BackendBadge';

export function App() {
  return (
    <main className="app">
      <header className="app__header">
        <h1>iLN Restore</h1>
        <p className="app__tagline">
          Photo restoration on your own GPU, with conventional LayerNorm and i-LN side by side.
        </p>
      </header>
      <BackendBadge />
    </main>
  );
}

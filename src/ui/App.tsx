import { BackendBadge, OfflineNote } from './components/BackendBadge';
import { DiagnosticsPanel } from './components/DiagnosticsPanel';
import { InputPanel, useGlobalDropAndPaste } from './components/InputPanel';
import { JobStatus } from './components/JobStatus';
import { ModelInfoPanel } from './components/ModelInfoPanel';
import { QueuePanel } from './components/QueuePanel';
import { ResultsPanel } from './components/ResultsPanel';
import { SettingsFold } from './components/SettingsFold';
import { TaskPanel } from './components/TaskPanel';
import { ThemeSwitch } from './components/ThemeSwitch';

export function App() {
  const dragging = useGlobalDropAndPaste();
  return (
    <main className={`app${dragging ? ' app--dragging' : ''}`}>
      <header className="app__header">
        <h1>iLN Restore</h1>
        <div className="row">
          <BackendBadge />
          <OfflineNote />
        </div>
        <ThemeSwitch />
        <p className="app__tagline">
          Photo restoration that runs on your own machine (on its GPU when it has a real one, else
          on every CPU core), with conventional LayerNorm and i-LN side by side.
        </p>
      </header>
      <SettingsFold>
        <InputPanel />
        <TaskPanel />
      </SettingsFold>
      <QueuePanel />
      <JobStatus />
      <ResultsPanel />
      <DiagnosticsPanel />
      <ModelInfoPanel />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop the image to open it
        </div>
      )}
    </main>
  );
}

/** The file list of a multi-file drop: thumbnails, each file's state and downloads, restore all,
 * stop, and every result as one zip. */
import { NORM_LABEL } from '../model-choice';
import type { NormName } from '../../engine/constants';
import {
  clearQueue,
  downloadAll,
  downloadOutput,
  openQueueItem,
  runQueue,
  stopQueue,
} from '../queue';
import { cancelRestore } from '../run';
import { formatFor, SAVE_FORMAT_LABEL } from '../save';
import { SaveFormatChoice } from './SaveFormatChoice';
import { useAppStore } from '../store';
import type { QueueItem, QueueStatus } from '../store/queue-slice';

const STATUS: Record<QueueStatus, string> = {
  waiting: 'waiting',
  running: 'restoring…',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** In the results panel's order: i-LN, then LN. */
const ORDER: NormName[] = ['iln', 'ln'];

function QueueRow({ item }: { item: QueueItem }) {
  const running = useAppStore((s) => s.queueRunning);
  const format = useAppStore((s) => s.saveFormat);
  const thumbClass = `queue__thumb${item.thumbAlpha ? ' queue__thumb--alpha' : ''}`;
  return (
    <li className="queue__item" data-testid="queue-item" data-status={item.status}>
      {item.thumbUrl ? (
        <img src={item.thumbUrl} alt={`Preview of ${item.name}`} className={thumbClass} />
      ) : (
        <span className="queue__thumb" aria-hidden="true" />
      )}
      <span className="queue__name">{item.name}</span>
      <span className="queue__status" data-testid="queue-status">
        {STATUS[item.status]}
        {item.error && `: ${item.error}`}
      </span>
      {item.status === 'done' && (
        <button
          type="button"
          disabled={running}
          onClick={() => void openQueueItem(item)}
          data-testid="queue-open"
        >
          View
        </button>
      )}
      {ORDER.filter((norm) => item.outputs[norm]).map((norm) => (
        <button
          key={norm}
          type="button"
          onClick={() => void downloadOutput(item, norm)}
          data-testid={`queue-download-${norm}`}
        >
          {NORM_LABEL[norm]} {SAVE_FORMAT_LABEL[formatFor(format, item.thumbAlpha)]}
        </button>
      ))}
    </li>
  );
}

export function QueuePanel() {
  const queue = useAppStore((s) => s.queue);
  const running = useAppStore((s) => s.queueRunning);
  if (!queue.length) return null;
  const done = queue.filter((q) => q.status === 'done').length;
  const waiting = queue.some((q) => q.status === 'waiting');
  return (
    <section className="panel queue" aria-labelledby="queue-title" data-testid="queue">
      <h2 id="queue-title">
        Files: {done} of {queue.length} restored
      </h2>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={running || !waiting}
          onClick={() => void runQueue()}
          data-testid="queue-run"
        >
          Restore all
        </button>
        <button
          type="button"
          disabled={!running}
          onClick={() => {
            stopQueue();
            cancelRestore();
          }}
        >
          Stop
        </button>
        <button
          type="button"
          disabled={!done}
          onClick={() => void downloadAll()}
          data-testid="download-all"
        >
          Download all (.zip)
        </button>
        <button type="button" className="secondary" disabled={running} onClick={clearQueue}>
          Clear the list
        </button>
        <SaveFormatChoice />
      </div>
      <ul className="queue__list">
        {queue.map((item) => (
          <QueueRow key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}

// The launch page when the browser refuses the app its storage (a frame on another site): what to do,
// and, where the browser has the Storage Access API, a button that asks for it (a click is required). The explanation
// loads when shown (LazyProblemView), like every launch problem: most launches never need it.
import { useState } from 'preact/hooks';
import { canRequestStorageAccess, requestSessionStorage, type StorageWindow } from '../../app/storage-access';
import { LazyProblemView } from '../LazyProblemView';
import { Shell } from '../Shell';

export interface StorageBlockedProps {
  /** This launch's URL, to open in a window of its own. */
  launchUrl: string;
  win: StorageWindow;
  /** Storage was granted: go on with the launch. */
  onGranted(): void;
}

type Asking = 'idle' | 'asking' | 'refused';

export function StorageBlocked({ launchUrl, win, onGranted }: StorageBlockedProps) {
  const [asking, setAsking] = useState<Asking>('idle');
  const ask = () => {
    setAsking('asking');
    requestSessionStorage(win).then(
      (storage) => (storage ? onGranted() : setAsking('refused')),
      () => setAsking('refused'),
    );
  };
  const actions = canRequestStorageAccess(win) ? (
    <>
      <p>
        <button type="button" data-action="request-storage-access" onClick={ask} disabled={asking === 'asking'}>
          Allow the app to sign in inside this page
        </button>
      </p>
      <p role="status" aria-live="polite" data-testid="storage-access-status">
        {asking === 'asking' ? 'Waiting for your browser\'s answer…' : asking === 'refused' ? 'The browser did not allow it: open the app in a new window instead.' : ''}
      </p>
    </>
  ) : null;
  return (
    <Shell subtitle="Launch">
      <LazyProblemView problem={{ kind: 'storage-blocked', openInNewWindow: launchUrl }} actions={actions} />
    </Shell>
  );
}

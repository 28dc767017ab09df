// End of session: one click removes the app's access from this browser tab (the session says how).
export function CloseSession({ close }: { close: () => void }) {
  return (
    <p class="close-session no-print">
      <button type="button" data-action="close-session" onClick={close}>
        Close
      </button>{' '}
      <span class="hint">Ends the app's access to this record in this tab; relaunch from the chart to open it again.</span>
    </p>
  );
}

// A collapsible detail section whose heading shows its count and flag, so a closed section still says what is in it.
import type { ComponentChildren } from 'preact';

export interface DetailSectionProps {
  id: string;
  title: string;
  /** "7 required: 5 met, 2 unknown" */
  count?: string;
  /** A short warning shown beside the count: "1 present". */
  flag?: string;
  open?: boolean;
  children?: ComponentChildren;
}

export function DetailSection({ id, title, count, flag, open, children }: DetailSectionProps) {
  return (
    <details class="detail" data-detail={id} open={open}>
      <summary>
        <h2 id={`${id}-heading`} class="detail-heading">
          {title}
          {count ? <span class="detail-count"> ({count})</span> : null}
          {flag ? <span class="detail-flag"> <span aria-hidden="true">⚠</span> {flag}</span> : null}
        </h2>
      </summary>
      <div class="detail-body">{children}</div>
    </details>
  );
}

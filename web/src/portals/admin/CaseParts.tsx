/**
 * The frame of the workbench's case pages (办件详情, 差评整改详情, 投诉建议详情): the head card with the
 * title, its tags and the key facts; the two columns (main and side); the titled cards; the way back;
 * the failure of an action panel's form; the reload after an action.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { problemAlert } from './problems';

/**
 * After an action on a case page: the record again (awaited, so the page shows the new state), and
 * the list it stands in marked stale (`listKey`, the list's query key prefix).
 */
export function useReloadCase(query: { refetch: () => Promise<unknown> }, listKey: readonly string[]) {
  const queryClient = useQueryClient();
  return async () => {
    await query.refetch();
    void queryClient.invalidateQueries({ queryKey: listKey });
  };
}

/** A titled card of a case page (the heading labels the section for assistive technology). */
export function CaseSection({ id, title, className, testId, children }: { id: string; title: string; className?: string; testId?: string; children: ReactNode }) {
  return (
    <section className={`ow-panel ow-admin-card${className ? ` ${className}` : ''}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="ow-admin-h2">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One fact of a case page's head: a label and its value (left out when `false`). */
export type CaseFact = { key: string; label: ReactNode; value: ReactNode; className?: string; testId?: string } | false | null | undefined | '';

/** The head card of a case page: title, tags, the key facts, then `children` (outcome, claim bar). */
export function CaseHead({ className, title, tags, facts, children }: { className?: string; title: ReactNode; tags: ReactNode; facts: CaseFact[]; children?: ReactNode }) {
  return (
    <section className={`ow-panel ow-admin-card ow-wb-case-head${className ? ` ${className}` : ''}`}>
      <div className="ow-wb-case-title">
        <h1 className="ow-admin-h1">{title}</h1>
        <span className="ow-wb-case-tags">{tags}</span>
      </div>
      <dl className="ow-wb-head-facts">
        {facts.map(
          (f) =>
            f && (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd className={f.className} data-testid={f.testId}>
                  {f.value}
                </dd>
              </div>
            ),
        )}
      </dl>
      {children}
    </section>
  );
}

/** The two columns of a case page: the record's sections, and the side with actions and the way back to the list. */
export function CaseGrid({ main, side, back }: { main: ReactNode; side: ReactNode; back: { to: string; label: string } }) {
  return (
    <div className="ow-wb-case-grid">
      <div className="ow-wb-case-main">{main}</div>
      <aside className="ow-wb-case-side">
        {side}
        <p className="ow-wb-back">
          <Link to={back.to}>{back.label}</Link>
        </p>
      </aside>
    </div>
  );
}

/**
 * An action that failed (other than the cases a panel explains itself): the problem's title (or
 * `title`), its detail unless the fields show the errors (400), and the errors no field could take.
 */
export function ActionProblem({ error, rest, title }: { error: unknown; rest: string[]; title?: string }) {
  const { t } = useTranslation();
  const a = problemAlert(t, error);
  const fieldErrors = error instanceof ApiError && error.status === 400;
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? a.title}
      description={
        fieldErrors && !rest.length ? undefined : (
          <>
            {!fieldErrors && a.detail}
            {rest.length > 0 && (
              <ul className="ow-admin-alert-list">
                {rest.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            )}
          </>
        )
      }
    />
  );
}

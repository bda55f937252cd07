/**
 * The frame of a signed-in person's pages (我的办件, 我的证照, 我的评价): a blue band with breadcrumbs and the
 * title, then the body. Signed-out visitors go to the login page and come back afterwards; staff are
 * told to use a personal account. `variant` names the pages' style prefix (ow-apps, ow-lic, ow-fb).
 */
import { App as AntApp, Breadcrumb } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useMe } from '../../api/identity';
import { ErrorState, PageLoading } from '../../components/QueryState';
import { CitizenTheme } from './parts';
import './citizen.css';

export interface PersonFrameProps {
  variant: 'apps' | 'lic' | 'fb';
  homeLabel: string;
  staffNote: string;
  /** the class of the staff note's panel */
  staffNoteClass: string;
  title: ReactNode;
  crumbs: { title: ReactNode }[];
  extra?: ReactNode;
  children: ReactNode;
}

export function PersonFrame({ variant: v, homeLabel, staffNote, staffNoteClass, title, crumbs, extra, children }: PersonFrameProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    return (
      <div className={`ow-container ow-${v}-page`}>
        <div className="ow-panel">
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        </div>
      </div>
    );
  }
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <CitizenTheme>
      <AntApp component={false}>
        <div className={`ow-${v}`}>
          <div className={`ow-account-band ow-${v}-band`}>
            <div className="ow-container">
              <Breadcrumb className="ow-account-crumbs" items={[{ title: <Link to="/">{homeLabel}</Link> }, ...crumbs]} />
              <div className={`ow-${v}-titlebar`}>
                <h1 className={`ow-account-title ow-${v}-title`}>{title}</h1>
                {extra}
              </div>
            </div>
          </div>
          <div className={`ow-container ow-account-body ow-${v}-body`}>{me.data.kind === 'staff' ? <div className={`ow-panel ${staffNoteClass}`}>{staffNote}</div> : children}</div>
        </div>
      </AntApp>
    </CitizenTheme>
  );
}

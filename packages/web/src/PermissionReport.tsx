import { useState } from 'react';
import { api, ApiError, messageOf } from './api.ts';
import { RelativeTime } from './RelativeTime.tsx';
import type { PermissionItem, PermissionReport as Report, PermissionsView } from './types.ts';
import { useCheckNow } from './useCheckNow.ts';
import { usePolling } from './usePolling.ts';

const POLL_MS = 30_000;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// The schema leaves `report` open (docs/permissions.md defines it): check the parts this page
// reads, so a report of another shape shows a line instead of breaking the page.
function asReport(value: unknown): Report | null {
  if (!isRecord(value) || !Array.isArray(value.items) || typeof value.ok !== 'boolean') return null;
  return value as unknown as Report;
}

function requirementText(requirement: unknown): string | null {
  if (!isRecord(requirement)) return null;
  if (typeof requirement.preset === 'string') return `preset “${requirement.preset}”`;
  if (typeof requirement.profile === 'string') return `profile “${requirement.profile}”`;
  return 'a custom requirement';
}

const KIND_LABELS: Record<string, string> = {
  object: 'Object',
  userPermission: 'User permission',
  permissionSet: 'Permission set',
  profile: 'Profile',
  visualforcePage: 'Visualforce page',
};

const LEVEL_LABELS: Record<string, string> = {
  read: 'Read',
  create: 'Create',
  edit: 'Edit',
  delete: 'Delete',
  viewAll: 'View All',
  modifyAll: 'Modify All',
};

function itemLabel(item: PermissionItem): string {
  const kind = KIND_LABELS[item.kind] ?? item.kind;
  const level = item.level === undefined ? '' : ` · ${LEVEL_LABELS[item.level] ?? item.level}`;
  return `${kind}: ${item.target}${level}`;
}

const STATUS_TEXT: Record<string, string> = {
  granted: 'Granted',
  missing: 'Missing',
  unverifiable: 'Could not verify',
};

function ItemList({ items, need }: { items: PermissionItem[]; need: 'required' | 'optional' }) {
  const title = need === 'required' ? 'Required' : 'Optional';
  return (
    <>
      <h4>
        {title} ({items.filter((i) => i.status === 'granted').length} of {items.length} met)
      </h4>
      {items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="items">
          {items.map((item) => (
            <li key={item.id} className={`item item-${item.status}`} data-item-id={item.id}>
              <span className="item-name">{itemLabel(item)}</span>{' '}
              <span className={`pill pill-${item.status}`}>
                {STATUS_TEXT[item.status] ?? item.status}
              </span>
              {item.status !== 'granted' && <span className="sub">{item.reason}</span>}
              {item.fix !== null && item.status !== 'granted' && (
                <p className="fix">
                  <strong>How to fix:</strong> {item.fix}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PermissionReport({ connectionId }: { connectionId: string }) {
  const [view, setView] = useState<PermissionsView | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const path = `/connections/${encodeURIComponent(connectionId)}/permissions`;

  usePolling(
    async (signal) => {
      try {
        setView(await api<PermissionsView>(path, { signal }));
        setUnavailable(null);
      } catch (e) {
        if (signal.aborted) throw e;
        setUnavailable(
          e instanceof ApiError && (e.status === 404 || e.status === 409)
            ? 'No permission report is available for this connection.'
            : `Could not load the permission report: ${messageOf(e)}`,
        );
      }
    },
    POLL_MS,
    connectionId,
  );

  const { checking, checkError, check } = useCheckNow<PermissionsView>(path, setView);

  const requirement = view === null ? null : requirementText(view.requirement);
  const report = view === null ? null : asReport(view.report);
  const required = report?.items.filter((i) => i.need === 'required') ?? [];
  const optional = report?.items.filter((i) => i.need !== 'required') ?? [];

  return (
    <section aria-labelledby="permissions-heading" className="card">
      <div className="section-head">
        <h3 id="permissions-heading">Permissions</h3>
        {requirement !== null && (
          <button type="button" disabled={checking} onClick={() => void check()}>
            Check now
          </button>
        )}
      </div>
      {checkError !== null && (
        <p className="alert" role="alert">
          {checkError}
        </p>
      )}
      {unavailable !== null ? (
        <p className="muted">{unavailable}</p>
      ) : view === null ? (
        <p className="muted">Loading…</p>
      ) : requirement === null ? (
        <p className="muted">
          No permission requirement is set for this connection, so there is nothing to check. Your
          software vendor sets one through the API.
        </p>
      ) : report === null ? (
        <p>
          Checked against {requirement}: not checked yet
          {view.checkedAt === null ? '' : ' in a form this page can show'}.
        </p>
      ) : (
        <>
          <p>
            Checked against {requirement} as {report.user.username ?? report.user.id}{' '}
            <RelativeTime iso={view.checkedAt ?? report.checkedAt} />:{' '}
            {report.ok ? (
              <strong className="ok-text">every required permission is granted.</strong>
            ) : (
              <strong className="fail-text">
                {report.summary.requiredMissing} required permission
                {report.summary.requiredMissing === 1 ? ' is' : 's are'} missing.
              </strong>
            )}
            {report.summary.requiredUnverifiable > 0 &&
              ` ${String(report.summary.requiredUnverifiable)} required item(s) could not be verified.`}
          </p>
          <ItemList items={required} need="required" />
          <ItemList items={optional} need="optional" />
        </>
      )}
    </section>
  );
}

// What analysts do with an incident (status, comments, who acknowledged or closed it and why),
// kept beside the analyst's record in the store's state (namespace `incident-workflow`, key =
// incident id) so that re-analysing never loses it.
import type { Incident } from '../../schema/incident.js';
import type { Store } from '../../store/index.js';
import { ApiError } from '../errors.js';

export const WORKFLOW_NAMESPACE = 'incident-workflow';
const VERSION = 1;
/** comments per incident; a discussion longer than this belongs in a ticket */
const MAX_COMMENTS = 500;

export type IncidentStatus = 'open' | 'acknowledged' | 'closed';

export interface Workflow {
  status: IncidentStatus;
  comments: { time: number; user: string; text: string }[];
  acknowledged_by?: string;
  acknowledged_at?: number;
  closed_by?: string;
  closed_at?: number;
  close_reason?: string;
}

export type IncidentView = Incident & Workflow;

const OPEN: Workflow = { status: 'open', comments: [] };

export function view(i: Incident, w: Workflow | undefined): IncidentView {
  const { acknowledged_at: _a, closed_at: _c, ...shown } = w ?? OPEN;
  return { ...i, ...shown, comments: [...shown.comments] } as IncidentView;
}

export class IncidentWorkflow {
  constructor(
    private readonly store: Pick<Store, 'state'>,
    private readonly clock: () => number,
  ) {}

  async get(id: string): Promise<Workflow | undefined> {
    return (await this.store.state.get(WORKFLOW_NAMESPACE, id))?.value as Workflow | undefined;
  }

  async all(): Promise<Map<string, Workflow>> {
    return new Map((await this.store.state.list(WORKFLOW_NAMESPACE)).map((e) => [e.key, e.value as unknown as Workflow]));
  }

  /** Applies a change and returns the workflow before and after it. */
  async change(id: string, user: string, what: { kind: 'acknowledge' } | { kind: 'close'; reason?: string } | { kind: 'reopen' } | { kind: 'comment'; text: string }): Promise<{ before: Workflow; after: Workflow }> {
    const before = (await this.get(id)) ?? OPEN;
    const now = this.clock();
    const after: Workflow = { ...before, comments: [...before.comments] };
    switch (what.kind) {
      case 'acknowledge':
        if (before.status === 'closed') throw new ApiError(409, 'incident_closed', 'the incident is closed: reopen it first');
        Object.assign(after, { status: 'acknowledged', acknowledged_by: user, acknowledged_at: now });
        break;
      case 'close':
        Object.assign(after, { status: 'closed', closed_by: user, closed_at: now });
        if (what.reason) after.close_reason = what.reason;
        else delete after.close_reason;
        break;
      case 'reopen':
        if (before.status !== 'closed') throw new ApiError(409, 'incident_not_closed', 'only a closed incident can be reopened');
        after.status = 'open';
        delete after.closed_by;
        delete after.closed_at;
        delete after.close_reason;
        break;
      case 'comment':
        if (before.comments.length >= MAX_COMMENTS) throw new ApiError(409, 'too_many_comments', `an incident keeps at most ${MAX_COMMENTS} comments`);
        after.comments.push({ time: now, user, text: what.text });
        break;
    }
    await this.store.state.put(WORKFLOW_NAMESPACE, id, { ...after }, VERSION);
    return { before, after };
  }
}

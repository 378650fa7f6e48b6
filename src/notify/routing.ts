// Which channels a notification goes to: every route whose levels and kinds match it contributes its
// channels (each channel once), in the order routes name them.
import type { RouteConfig } from './config.js';
import type { Notification } from './types.js';

export function routeChannels(routes: readonly RouteConfig[], n: Pick<Notification, 'kind' | 'level'>): string[] {
  const out = new Set<string>();
  for (const r of routes) {
    if (!r.kinds.includes(n.kind)) continue;
    if (r.levels ? !r.levels.includes(n.level) : n.level < (r.min_level ?? 0)) continue;
    for (const c of r.channels) out.add(c);
  }
  return [...out];
}

// The network graph renderers: force-graph (2D canvas) and 3d-force-graph (WebGL). Both draw every
// node on one canvas (no per-node DOM), stop the simulation after a bounded number of ticks, and
// the 2D view draws labels only when zoomed in or for threatening nodes (level of detail), so
// 5,000 nodes stay smooth. Hover labels are DOM text nodes: a hostname is never parsed as HTML.
import type { GraphLink, GraphNode } from '../api/types';

export interface Node extends GraphNode {
  x?: number;
  y?: number;
  z?: number;
}
export interface Link {
  source: string | Node;
  target: string | Node;
  bytes: number;
  connections: number;
}

export interface GraphView {
  setData(nodes: Node[], links: Link[]): void;
  /** colours changed (live threat updates): redraw without restarting the simulation */
  refresh(): void;
  focus(node: Node): void;
  resize(w: number, h: number): void;
  destroy(): void;
}

export function threatColor(n: GraphNode): string {
  if (n.kind === 'group') return '#9b7cf6';
  if (n.threat >= 80) return '#e5484d';
  if (n.threat >= 60) return '#f08c2e';
  if (n.threat >= 40) return '#e8c547';
  return n.kind === 'external' ? '#6b7685' : '#4c8df6';
}

function label(n: Node): HTMLElement {
  const el = document.createElement('div');
  el.className = 'graph-tip';
  el.textContent = `${n.label}${n.ip && n.ip !== n.label ? ` (${n.ip})` : ''}${n.group ? ` · ${n.group}` : ''}${n.threat ? ` · ${n.threat}` : ''}`;
  return el;
}

const nodeSize = (n: Node) => (n.kind === 'group' ? 6 : n.kind === 'device' ? 1.5 + n.threat / 25 : 1);
const linkWidth = (l: Link) => Math.min(4, Math.max(0.3, Math.log10(1 + l.bytes) / 3));
const linkColor = (l: Link) => {
  const s = l.source as Node;
  const t = l.target as Node;
  if (s.kind === 'group' || t.kind === 'group') return 'rgba(155,124,246,0.12)';
  const threat = Math.max(s.threat ?? 0, t.threat ?? 0);
  return threat >= 60 ? 'rgba(229,72,77,0.5)' : 'rgba(120,140,170,0.18)';
};

/**
 * Simulation ticks: big graphs run some ticks before the first frame (no drawing) and fewer
 * animated ones after, so 5,000 nodes settle in a few seconds and then cost nothing.
 */
const warmup = (n: number) => (n > 3000 ? 30 : n > 1000 ? 15 : 0);
const cooldown = (n: number) => (n > 3000 ? 80 : n > 1000 ? 150 : 300);
/** nodes labelled at any zoom: the most threatening few (more would be unreadable) */
const ALWAYS_LABELLED = 25;

function mostThreatening(nodes: Node[]): Set<Node> {
  return new Set(
    nodes
      .filter((n) => n.threat >= 60)
      .sort((a, b) => b.threat - a.threat)
      .slice(0, ALWAYS_LABELLED),
  );
}

export async function create2d(el: HTMLElement, onClick: (n: Node) => void): Promise<GraphView> {
  const { default: ForceGraph } = await import('force-graph');
  let labelled = new Set<Node>();
  const g = new ForceGraph<Node, Link>(el)
    .backgroundColor('#0d1117')
    .nodeRelSize(3)
    .nodeVal(nodeSize)
    .nodeLabel(label)
    .nodeColor(threatColor)
    .linkWidth(linkWidth)
    .linkColor(linkColor)
    .d3AlphaDecay(0.04)
    .d3VelocityDecay(0.35)
    .onNodeClick(onClick)
    .nodeCanvasObjectMode(() => 'after')
    .nodeCanvasObject((n, ctx, scale) => {
      // level of detail: labels only when zoomed in enough to read them, except for peer groups
      // and the most threatening nodes
      if (scale < 3 && n.kind !== 'group' && !labelled.has(n)) return;
      const size = Math.max(2, 10 / scale);
      ctx.font = `${size}px system-ui, sans-serif`;
      ctx.fillStyle = '#d6dde8';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(n.label, n.x ?? 0, (n.y ?? 0) + 3 * Math.sqrt(nodeSize(n)) + 1);
    });
  let fitted = false;
  g.onEngineStop(() => {
    if (!fitted) g.zoomToFit(400, 40);
    fitted = true;
  });
  return {
    setData(nodes, links) {
      fitted = false;
      labelled = mostThreatening(nodes);
      g.warmupTicks(warmup(nodes.length)).cooldownTicks(cooldown(nodes.length)).graphData({ nodes, links });
    },
    refresh() {
      labelled = mostThreatening(g.graphData().nodes);
      g.nodeColor(threatColor).linkColor(linkColor);
    },
    focus(n) {
      g.centerAt(n.x ?? 0, n.y ?? 0, 600).zoom(6, 600);
    },
    resize(w, h) {
      g.width(w).height(h);
    },
    destroy() {
      g._destructor();
    },
  };
}

export async function create3d(el: HTMLElement, onClick: (n: Node) => void): Promise<GraphView> {
  const { default: ForceGraph3D } = await import('3d-force-graph');
  const g = new ForceGraph3D(el, { controlType: 'orbit' }) as unknown as import('3d-force-graph').ForceGraph3DInstance<Node, Link>;
  g.backgroundColor('#0d1117')
    .showNavInfo(false)
    .nodeRelSize(3)
    .nodeVal(nodeSize)
    .nodeLabel(label)
    .nodeColor(threatColor)
    .nodeOpacity(0.9)
    .linkWidth(0)
    .linkOpacity(0.25)
    .linkColor(linkColor)
    .d3AlphaDecay(0.04)
    .onNodeClick(onClick);
  let fitted = false;
  g.onEngineStop(() => {
    if (!fitted) g.zoomToFit(400, 40);
    fitted = true;
  });
  return {
    setData(nodes, links) {
      fitted = false;
      // fewer sphere faces when there are many nodes
      g.nodeResolution(nodes.length > 2000 ? 4 : 8)
        .warmupTicks(warmup(nodes.length))
        .cooldownTicks(cooldown(nodes.length))
        .graphData({ nodes, links });
    },
    refresh() {
      g.nodeColor(threatColor).linkColor(linkColor);
    },
    focus(n) {
      const d = 80;
      const r = 1 + d / Math.hypot(n.x ?? 1, n.y ?? 1, n.z ?? 1);
      g.cameraPosition({ x: (n.x ?? 0) * r, y: (n.y ?? 0) * r, z: (n.z ?? 0) * r }, { x: n.x ?? 0, y: n.y ?? 0, z: n.z ?? 0 }, 800);
    },
    resize(w, h) {
      g.width(w).height(h);
    },
    destroy() {
      g._destructor();
      g.renderer().dispose();
    },
  };
}

/** Peer groups as hub nodes: one per group, linked to each of its devices. */
export function withGroups(nodes: Node[], links: Link[]): { nodes: Node[]; links: Link[] } {
  if (nodes.some((n) => n.kind === 'group')) return { nodes, links };
  const groups = new Map<string, Node>();
  const extra: Link[] = [];
  for (const n of nodes) {
    if (n.kind !== 'device' || !n.group) continue;
    const id = `group:${n.group}`;
    if (!groups.has(id)) groups.set(id, { id, kind: 'group', label: n.group, threat: 0 });
    extra.push({ source: id, target: n.id, bytes: 0, connections: 0 });
  }
  return { nodes: [...nodes, ...groups.values()], links: [...links, ...extra] };
}

// Module boundaries from ../shared/DESIGN.md: data flows one way, so a stage imports only from the
// stages to its left, plus src/schema and src/net (shared types and address/checksum helpers) and
// src/store (every stage writes to it; it knows only schema). src/service wires sources, sensor,
// output and store together for `mamori run`. src/notify delivers alerts and may use schema, net and
// store only; src/analyst makes incidents from breaches with what entities and learning know. Nothing
// imports cli; no cycles.
const ORDER = ['sources', 'sensor', 'entities', 'learning', 'models', 'analyst', 'response'];

const stageRules = ORDER.map((stage, i) => ({
  name: `${stage}-imports-only-leftward`,
  comment: `${stage} may import only ${ORDER.slice(0, i).join(', ') || 'no other stage'} (plus schema, net)`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  // response signs its webhooks as notify does (its own rule below says what else it may import)
  to: { path: `^src/(${[...ORDER.slice(i + 1), 'api', 'cli', 'output', ...(stage === 'response' ? [] : ['notify']), 'report', 'reports', 'simulate', 'service', 'pipeline'].join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import cycles', from: {}, to: { circular: true } },
    {
      name: 'schema-imports-nothing',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: '^src/(?!schema/)' },
    },
    {
      name: 'net-imports-only-schema',
      severity: 'error',
      from: { path: '^src/net/' },
      to: { path: '^src/(?!net/|schema/)' },
    },
    {
      name: 'store-imports-only-schema-and-net',
      comment: 'every stage writes to the store; the store knows only the record types',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(?!store/|schema/|net/)' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'output-imports-only-schema',
      comment: 'log writers format schema records and know nothing of the stages',
      severity: 'error',
      from: { path: '^src/output/' },
      to: { path: '^src/(?!output/|schema/)' },
    },
    {
      name: 'notify-imports-only-schema-net-store',
      comment: 'notifications format schema records (incidents, breaches) and deliver them; their outbox lives in the store',
      severity: 'error',
      from: { path: '^src/notify/' },
      to: { path: '^src/(?!notify/|schema/|net/|store/)' },
    },
    {
      name: 'analyst-imports-only-schema-net-store-and-earlier-stages',
      comment: 'incidents are made from breaches (models), what the entities and learning know, and the store; never from packets or sources',
      severity: 'error',
      from: { path: '^src/analyst/' },
      to: { path: '^src/(?!analyst/|schema/|net/|store/|entities/|learning/|models/)' },
    },
    {
      name: 'response-imports-only-schema-net-store-notify',
      comment: 'actions are decided from breaches and incidents (schema records) and kept in the store; webhooks are signed with notify\'s helpers; never the api, cli or pipeline',
      severity: 'error',
      from: { path: '^src/response/' },
      to: { path: '^src/(?!response/|schema/|net/|store/|notify/)' },
    },
    {
      name: 'report-imports-only-schema-net-store-analyst-notify',
      comment: 'reports lay out stored incidents and breaches in the words the analyst and the alerts already use; they read the store and touch no stage that makes data',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(?!report/|schema/|net/|store/|analyst/|notify/)' },
    },
    {
      name: 'api-imports-anything-but-cli',
      comment: 'the API reads the store and calls report, models tuning and response; it is started by the CLI, never the other way round',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-api',
      comment: 'the API is an edge: only the application layers that start the server (cli, service) import it',
      severity: 'error',
      from: { path: '^src/(?!api/|cli/|service/)' },
      to: { path: '^src/api/' },
    },
    {
      name: 'web-talks-only-to-the-api',
      comment: 'the Threat Visualizer reaches the system through the API only; of src/ it may use the schema types',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/(?!schema/)' },
    },
    {
      name: 'simulate-is-a-leaf-tool',
      comment: 'the traffic simulator builds bytes; it may use net helpers but no pipeline stage',
      severity: 'error',
      from: { path: '^src/simulate/' },
      to: { path: '^src/(?!simulate/|net/|schema/)' },
    },
    ...stageRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};

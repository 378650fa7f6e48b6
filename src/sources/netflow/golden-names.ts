// Maps logstash-codec-netflow's field names (used by its spec, and so by golden-expectations.ts) to
// our decoded flows, converting our value into logstash's form where the two differ (its NetFlow v9
// names such as in_bytes, its formatted application ids and ACL ids, its decoding of enterprise
// fields we keep as hex). IPFIX names not listed here are IANA names, which we use too.
import { elementByName } from './fields.js';
import type { DecodedFlow } from './flow.js';

/** A plain value to compare, a time (epoch seconds) to compare within 1 µs, or a field we do not keep. */
export type Mapped =
  | { value: unknown }
  | { seconds: number | undefined; unit: 's' | 'ms' }
  | { notKept: string };

type Rule = (f: DecodedFlow) => Mapped;

function raw(f: DecodedFlow, key: string): unknown {
  return f.fields[key];
}

/**
 * A field by our key (the first of several that is present); dateTime elements compare as times
 * (numbers in logstash are seconds or milliseconds, by the element's type).
 */
function key(k: string, ...alternatives: string[]): Rule {
  const type = elementByName(k)?.type;
  if (type?.startsWith('dateTime')) {
    const unit = type === 'dateTimeMilliseconds' ? 'ms' : 's';
    return (f) => ({ seconds: typeof f.fields[k] === 'number' ? (f.fields[k] as number) : undefined, unit });
  }
  return (f) => {
    for (const name of [k, ...alternatives]) if (name in f.fields) return { value: raw(f, name) };
    return { value: undefined };
  };
}

function bytesOf(v: unknown): Buffer | undefined {
  return typeof v === 'string' && /^([0-9a-f]{2})*$/.test(v) ? Buffer.from(v, 'hex') : undefined;
}

type HexAs = 'text' | 'uint' | 'float' | 'ipv4' | 'hex';

/** A field we keep as raw hex (enterprise-specific or unknown), read the way logstash reads it. */
function hexAs(k: string, as: HexAs): Rule {
  return (f) => {
    const b = bytesOf(raw(f, k));
    if (!b) return { value: raw(f, k) };
    switch (as) {
      case 'text': return { value: b.toString('utf8').replace(/\0+$/, '') };
      case 'uint': return { value: b.length === 0 ? 0 : Number(BigInt(`0x${b.toString('hex')}`)) };
      case 'float': return { value: b.length === 4 ? b.readFloatBE(0) : b.readDoubleBE(0) };
      case 'ipv4': return { value: [...b].join('.') };
      default: return { value: b.toString('hex') };
    }
  };
}

const ent = (pen: number, id: number, as: HexAs): Rule => hexAs(`enterprise.${pen}.${id}`, as);
const unk = (id: number, as: HexAs): Rule => hexAs(`unknown.${id}`, as);

/** Cisco application id: engine id, then selector (3 bytes), or PEN and selector (4 + 4 bytes). */
function ciscoAppId(f: DecodedFlow): Mapped {
  const b = bytesOf(raw(f, 'applicationId'));
  if (!b) return { value: undefined };
  if (b.length === 9) return { value: `${b[0]}..${b.readUInt32BE(1)}..${b.readUInt32BE(5)}` };
  return { value: `${b[0]}..${b.length > 1 ? Number(BigInt(`0x${b.subarray(1).toString('hex')}`)) : 0}` };
}

/** Cisco ASA ACL id: three 32-bit words in hex joined by dashes. */
function aclId(k: string): Rule {
  return (f) => {
    const h = raw(f, k);
    return { value: typeof h === 'string' ? `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}` : h };
  };
}

function forwardingStatus(f: DecodedFlow): Mapped {
  const v = raw(f, 'forwardingStatus');
  return { value: typeof v === 'number' ? { status: v >>> 6, reason: v & 63 } : v };
}

/** logstash reads field 201 as a label stack entry (label 20 bits, exp 3, bottom 1, ttl 8). */
function mplsLabel(f: DecodedFlow): Mapped {
  const v = raw(f, 'mplsLabelStackLength');
  if (typeof v !== 'number') return { value: v };
  return { value: { label: v >>> 12, experimental: (v >>> 9) & 7, bottom_of_stack: (v >>> 8) & 1, ttl: v & 255 } };
}

/** logstash's NetFlow v9 names (netflow.yaml) and packet-level names. */
const LOGSTASH: Record<string, Rule> = {
  version: (f) => ({ value: f.version }),
  flow_seq_num: (f) => ({ value: f.sequence }),
  flowset_id: (f) => ({ value: f.templateId }),
  flow_records: () => ({ notKept: 'the v5 header record count is not copied into each flow' }),
  '@timestamp': (f) => ({ seconds: f.exportTime, unit: 's' }),
  first_switched: (f) => ({ seconds: f.start, unit: 's' }),
  last_switched: (f) => ({ seconds: f.end, unit: 's' }),
  in_bytes: key('octetDeltaCount'),
  in_pkts: key('packetDeltaCount'),
  flows: key('deltaFlowCount'),
  protocol: key('protocolIdentifier'),
  src_tos: key('ipClassOfService'),
  tcp_flags: key('tcpControlBits'),
  l4_src_port: key('sourceTransportPort'),
  ipv4_src_addr: key('sourceIPv4Address'),
  src_mask: key('sourceIPv4PrefixLength'),
  input_snmp: key('ingressInterface'),
  l4_dst_port: key('destinationTransportPort'),
  ipv4_dst_addr: key('destinationIPv4Address'),
  dst_mask: key('destinationIPv4PrefixLength'),
  output_snmp: key('egressInterface'),
  ipv4_next_hop: key('ipNextHopIPv4Address'),
  src_as: key('bgpSourceAsNumber'),
  dst_as: key('bgpDestinationAsNumber'),
  bgp_ipv4_next_hop: key('bgpNextHopIPv4Address'),
  out_bytes: key('postOctetDeltaCount'),
  out_pkts: key('postPacketDeltaCount'),
  ip_protocol_version: key('ipVersion'),
  direction: key('flowDirection'),
  src_vlan: key('vlanId'),
  dst_vlan: key('postVlanId'),
  in_src_mac: key('sourceMacAddress'),
  out_dst_mac: key('postDestinationMacAddress'),
  in_dst_mac: key('destinationMacAddress'),
  out_src_mac: key('postSourceMacAddress'),
  engine_type: key('engineType'),
  engine_id: key('engineId'),
  sampling_interval: key('samplingInterval'),
  sampling_algorithm: key('samplingAlgorithm'),
  flow_active_timeout: key('flowActiveTimeout'),
  flow_inactive_timeout: key('flowIdleTimeout'),
  total_bytes_exp: key('exportedOctetTotalCount'),
  total_pkts_exp: key('exportedMessageTotalCount'),
  total_flows_exp: key('exportedFlowRecordTotalCount'),
  ipv4_src_prefix: key('sourceIPv4Prefix'),
  flow_sampler_id: key('samplerId'),
  ipv4_ident: key('fragmentIdentification'),
  if_desc: key('interfaceDescription'),
  in_permanent_bytes: key('octetTotalCount'),
  src_traffic_index: key('srcTrafficIndex'),
  dst_traffic_index: key('dstTrafficIndex'),
  application_description: key('applicationDescription'),
  application_name: key('applicationName'),
  application_id: ciscoAppId,
  flow_end_reason: key('flowEndReason'),
  conn_id: key('flowId'),
  // netflow.yaml names both v9 type 32 (ICMP type and code in one) and 176 (NSEL's) icmp_type
  icmp_type: key('icmpTypeIPv4', 'icmpTypeCodeIPv4'),
  icmp_code: key('icmpCodeIPv4'),
  tcp_src_port: key('tcpSourcePort'),
  udp_dst_port: key('udpDestinationPort'),
  ip_dscp: key('ipDiffServCodePoint'),
  xlate_src_addr_ipv4: key('postNATSourceIPv4Address'),
  xlate_dst_addr_ipv4: key('postNATDestinationIPv4Address'),
  xlate_src_port: key('postNAPTSourceTransportPort'),
  xlate_dst_port: key('postNAPTDestinationTransportPort'),
  fw_event: key('firewallEvent'),
  fw_ext_event: key('nselFwExtEvent'),
  fwd_flow_delta_bytes: key('initiatorOctets'),
  rev_flow_delta_bytes: key('responderOctets'),
  event_time_msec: key('observationTimeMilliseconds'),
  flow_start_msec: key('flowStartMilliseconds'),
  ingress_acl_id: aclId('nselIngressAclId'),
  egress_acl_id: aclId('nselEgressAclId'),
  username: key('userName'),
  app_id: key('panosAppId'),
  user_id: key('panosUserId'),
  scope_system: key('scope.system'),
  forwarding_status: forwardingStatus,
  mpls_label_stack_octets: mplsLabel,
  // nProbe (v9 vendor ids)
  nprobe_proto: unk(57590, 'uint'),
  // Streamcore (v9 vendor ids)
  streamcore_wan_rtt: unk(8192, 'uint'),
  streamcore_net_app_resp_time: unk(8193, 'uint'),
  streamcore_total_app_resp_time: unk(8194, 'uint'),
  streamcore_tcp_retrans_rate: unk(8195, 'uint'),
  streamcore_call_direction: unk(8196, 'uint'),
  streamcore_hostname: unk(8256, 'text'),
  streamcore_url: unk(8257, 'text'),
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`streamcore_id_rule_${i + 1}`, unk(8384 + i, 'uint')])),
  // Citrix NetScaler (PEN 5951)
  netscalerRoundTripTime: ent(5951, 128, 'uint'),
  netscalerTransactionId: ent(5951, 129, 'uint'),
  netscalerHttpReqUrl: ent(5951, 130, 'text'),
  netscalerHttpReqCookie: ent(5951, 131, 'text'),
  netscalerFlowFlags: ent(5951, 132, 'uint'),
  netscalerConnectionId: ent(5951, 133, 'uint'),
  netscalerHttpReqReferer: ent(5951, 140, 'text'),
  netscalerHttpReqMethod: ent(5951, 141, 'text'),
  netscalerHttpReqHost: ent(5951, 142, 'text'),
  netscalerHttpReqUserAgent: ent(5951, 143, 'text'),
  netscalerAppNameAppId: ent(5951, 151, 'uint'),
  netscalerHttpResForwFB: ent(5951, 158, 'uint'),
  netscalerHttpResForwLB: ent(5951, 170, 'uint'),
  netscalerAppUnitNameAppId: ent(5951, 171, 'uint'),
  netscalerHttpContentType: ent(5951, 183, 'text'),
  netscalerHttpReqAuthorization: ent(5951, 185, 'text'),
  netscalerHttpReqVia: ent(5951, 186, 'text'),
  netscalerHttpReqXForwardedFor: ent(5951, 190, 'text'),
  netscalerConnectionChainID: ent(5951, 192, 'hex'),
  netscalerConnectionChainHopCount: ent(5951, 193, 'uint'),
  netscalerAaaUsername: ent(5951, 205, 'text'),
  netscalerHttpDomainName: ent(5951, 267, 'text'),
  netscalerUnknown330: ent(5951, 330, 'uint'),
  // Ixia (PEN 3054)
  ixiaL7AppId: ent(3054, 110, 'uint'),
  ixiaL7AppName: ent(3054, 111, 'text'),
  ixiaSrcLatitude: ent(3054, 126, 'float'),
  ixiaSrcLongitude: ent(3054, 127, 'float'),
  ixiaDstLatitude: ent(3054, 146, 'float'),
  ixiaDstLongitude: ent(3054, 147, 'float'),
  ixiaDeviceId: ent(3054, 160, 'uint'),
  ixiaDeviceName: ent(3054, 161, 'text'),
  ixiaBrowserId: ent(3054, 162, 'uint'),
  ixiaBrowserName: ent(3054, 163, 'text'),
  ixiaRevOctetDeltaCount: ent(3054, 176, 'uint'),
  ixiaRevPacketDeltaCount: ent(3054, 177, 'uint'),
  ixiaHttpUri: ent(3054, 182, 'text'),
  ixiaHttpHostName: ent(3054, 183, 'text'),
  ixiaHttpUserAgent: ent(3054, 184, 'text'),
  ixiaSrcAsName: ent(3054, 186, 'text'),
  ixiaDstAsName: ent(3054, 187, 'text'),
  ixiaLatency: ent(3054, 188, 'uint'),
  ixiaThreatType: ent(3054, 192, 'text'),
  ixiaThreatIPv4: ent(3054, 193, 'ipv4'),
  // Procera (PEN 15397)
  proceraService: ent(15397, 1, 'text'),
  proceraBaseService: ent(15397, 2, 'text'),
  proceraIncomingOctets: ent(15397, 3, 'uint'),
  proceraOutgoingOctets: ent(15397, 4, 'uint'),
  proceraFlowBehavior: ent(15397, 15, 'text'),
  proceraHttpUrl: ent(15397, 16, 'text'),
  proceraHttpLocation: ent(15397, 21, 'text'),
  proceraHttpContentType: ent(15397, 22, 'text'),
  proceraHttpFileLength: ent(15397, 25, 'uint'),
  proceraContentCategories: ent(15397, 26, 'text'),
  proceraSubscriberIdentifier: ent(15397, 28, 'text'),
  proceraTemplateName: ent(15397, 47, 'text'),
  // Barracuda (PEN 10704)
  Timestamp: ent(10704, 1, 'uint'),
  LogOp: ent(10704, 2, 'uint'),
  TrafficType: ent(10704, 3, 'uint'),
  FW_Rule: ent(10704, 4, 'text'),
  ServiceName: ent(10704, 5, 'text'),
  Reason: ent(10704, 6, 'uint'),
  ReasonText: ent(10704, 7, 'text'),
  BindIPv4Address: ent(10704, 8, 'ipv4'),
  BindTransportPort: ent(10704, 9, 'uint'),
  ConnIPv4Address: ent(10704, 10, 'ipv4'),
  ConnTransportPort: ent(10704, 11, 'uint'),
  AuditCounter: ent(10704, 12, 'uint'),
  // Alcatel-Lucent / Nokia (PEN 637)
  natInsideSvcid: ent(637, 91, 'uint'),
  natOutsideSvcid: ent(637, 92, 'uint'),
  natSubString: ent(637, 93, 'text'),
  // VMware (PEN 6876)
  vmwareEgressInterfaceAttr: ent(6876, 888, 'uint'),
  vmwareVxlanExportRole: ent(6876, 889, 'uint'),
  vmwareIngressInterfaceAttr: ent(6876, 890, 'uint'),
  vmwareUnknown888: ent(6876, 888, 'uint'),
  vmwareUnknown889: ent(6876, 889, 'uint'),
  vmwareUnknown890: ent(6876, 890, 'uint'),
  // Cisco Viptela (PEN 41916)
  viptelaVPNId: ent(41916, 4321, 'uint'),
  // CERT / YAF (PEN 6871; bit 0x4000 of the id marks the reverse direction)
  initialTCPFlags: ent(6871, 14, 'uint'),
  unionTCPFlags: ent(6871, 15, 'uint'),
  reverseFlowDeltaMilliseconds: ent(6871, 21, 'uint'),
  silkAppLabel: ent(6871, 33, 'uint'),
  flowAttributes: ent(6871, 40, 'uint'),
  expiredFragmentCount: ent(6871, 100, 'uint'),
  assembledFragmentCount: ent(6871, 101, 'uint'),
  meanFlowRate: ent(6871, 102, 'uint'),
  meanPacketRate: ent(6871, 103, 'uint'),
  flowTableFlushEventCount: ent(6871, 104, 'uint'),
  flowTablePeakCount: ent(6871, 105, 'uint'),
  reverseInitialTCPFlags: ent(6871, 0x4000 | 14, 'uint'),
  reverseUnionTCPFlags: ent(6871, 0x4000 | 15, 'uint'),
  reverseFlowAttributes: ent(6871, 0x4000 | 40, 'uint'),
};

/** Our value for a logstash field name. */
export function mapLogstashField(name: string, f: DecodedFlow): Mapped {
  const rule = LOGSTASH[name] ?? key(name);
  return rule(f);
}

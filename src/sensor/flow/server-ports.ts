// Ports on which Zeek's standard analyzers register (its likely_server_ports). Used, as Zeek uses
// them, to pick the originator of a connection whose first packet is not a SYN (or is a reply).
const TCP_PORTS = [
  21, 22, 23, 25, 53, 80, 81, 88, 110, 111, 135, 139, 143, 389, 443, 445, 502, 513, 514, 543, 544, 563, 585, 587, 614,
  631, 636, 989, 990, 992, 993, 995, 1080, 1433, 1723, 2049, 2811, 3128, 3268, 3306, 3389, 5222, 5223, 5269, 5432, 6379,
  6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
];
const UDP_PORTS = [
  53, 67, 68, 69, 88, 111, 123, 137, 138, 161, 162, 389, 443, 500, 514, 1812, 1813, 2049, 2123, 2152, 3544, 3784, 4500,
  4789, 5060, 5072, 5353, 5355, 6081, 20000,
];

/** Default likely-server ports (Zeek with its standard analyzers loaded). */
export const DEFAULT_SERVER_PORTS = { tcp: TCP_PORTS, udp: UDP_PORTS };

export class ServerPorts {
  private readonly tcp = new Uint8Array(65536);
  private readonly udp = new Uint8Array(65536);
  constructor(ports: { tcp: number[]; udp: number[] } = DEFAULT_SERVER_PORTS) {
    for (const p of ports.tcp) this.tcp[p] = 1;
    for (const p of ports.udp) this.udp[p] = 1;
  }

  isLikely(proto: number, port: number): boolean {
    return proto === 6 ? this.tcp[port] === 1 : proto === 17 ? this.udp[port] === 1 : false;
  }
}

import { Fn, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { BastionBastion } from "../.gen/providers/oci/bastion-bastion";
import { CoreDefaultSecurityList } from "../.gen/providers/oci/core-default-security-list";
import { CoreDrg } from "../.gen/providers/oci/core-drg";
import { CoreDrgAttachment } from "../.gen/providers/oci/core-drg-attachment";
import { CoreInternetGateway } from "../.gen/providers/oci/core-internet-gateway";
import { CoreNatGateway } from "../.gen/providers/oci/core-nat-gateway";
import { CoreNetworkSecurityGroup } from "../.gen/providers/oci/core-network-security-group";
import { CoreRouteTable, CoreRouteTableRouteRules } from "../.gen/providers/oci/core-route-table";
import { CoreSecurityList } from "../.gen/providers/oci/core-security-list";
import { CoreServiceGateway } from "../.gen/providers/oci/core-service-gateway";
import { CoreSubnet } from "../.gen/providers/oci/core-subnet";
import { CoreVcn } from "../.gen/providers/oci/core-vcn";
import { DataOciCoreServices } from "../.gen/providers/oci/data-oci-core-services";
import { ApiEndpointSpec, RegionSpec } from "../config/topology";
import { addNsgRules, ICMP_FRAGMENTATION_NEEDED, NsgRule, Protocol } from "./nsg-rules";

/** Ports of an OKE cluster (OKE documentation, terraform-oci-oke defaults). */
export const OkePorts = {
  API_SERVER: 6443,
  CONTROL_PLANE: 12250,
  KUBELET: 10250,
  /** kube-proxy healthz, which load balancers health-check. */
  PROXY_HEALTHZ: 10256,
  NODE_PORTS: [30000, 32767] as const,
} as const;

export interface RegionProps {
  /** The region's topology entry, with its carved subnets. */
  readonly spec: RegionSpec;
  /** The mesh name, prefix of display names. */
  readonly meshName: string;
  /** Supernet of every VCN in the mesh, routed to the DRG. */
  readonly meshCidr: string;
  /** Compartment of every resource. */
  readonly compartmentId: string;
  /** How the Kubernetes API is reached, and by whom. */
  readonly apiEndpoint: ApiEndpointSpec;
  /** @default the stack's default OCI provider */
  readonly provider?: TerraformProvider;
}

/** The NSGs of a region, one per role. */
export interface RegionNsgs {
  /** Kubernetes API endpoint (control plane). */
  readonly apiEndpoint: CoreNetworkSecurityGroup;
  /** Worker nodes. */
  readonly workers: CoreNetworkSecurityGroup;
  /** Internal network load balancers (Cluster Mesh API server, DNS). Ingress from peers is
   * added by the mesh stack. */
  readonly internalLb: CoreNetworkSecurityGroup;
}

export interface RegionSubnets {
  readonly apiEndpoint: CoreSubnet;
  readonly workers: CoreSubnet;
  readonly internalLb: CoreSubnet;
}

/**
 * One region's network: a VCN with private subnets for the API endpoint, the workers and
 * internal load balancers; NAT and service gateways (an internet gateway only when the API
 * endpoint is public); an OCI Bastion in its own subnet when access is through a bastion; a DRG attached to the VCN, with one route for the whole mesh
 * supernet, so adding a region never touches this one; NSGs per role with the base rules a
 * working OKE cluster needs. The default security list is emptied: NSGs carry every rule.
 *
 * @example
 * const region = new Region(stack, "network", { spec, meshName: "australis", meshCidr: "10.0.0.0/8", compartmentId, apiEndpoint });
 * region.nsgs.workers.id; region.drg.id;
 */
export class Region extends Construct {
  readonly spec: RegionSpec;
  readonly vcn: CoreVcn;
  readonly drg: CoreDrg;
  readonly subnets: RegionSubnets;
  readonly nsgs: RegionNsgs;
  /** The OCI Bastion in front of the API endpoint (apiEndpoint.access: bastion). */
  readonly bastion?: BastionBastion;
  /** The Oracle Services Network label (for SERVICE_CIDR_BLOCK rules), e.g. all-cdg-services-in-oracle-services-network. */
  readonly serviceCidr: string;

  constructor(scope: Construct, id: string, props: RegionProps) {
    super(scope, id);
    const { spec, compartmentId, provider } = props;
    this.spec = spec;
    const name = (role: string) => `${props.meshName}-${spec.name}-${role}`;
    const common = { compartmentId, provider };

    this.vcn = new CoreVcn(this, "vcn", { ...common, cidrBlocks: [spec.vcnCidr], displayName: name("vcn"), dnsLabel: spec.dnsLabel });
    // Nothing may rely on the default security list's SSH-from-anywhere rule.
    new CoreDefaultSecurityList(this, "default-security-list", {
      provider,
      manageDefaultResourceId: this.vcn.defaultSecurityListId,
      displayName: name("default-locked"),
    });

    const services = new DataOciCoreServices(this, "oracle-services", {
      provider,
      filter: [{ name: "name", values: ["All .* Services In Oracle Services Network"], regex: true }],
    });
    const osn = Fn.element(services.services, 0);
    this.serviceCidr = Fn.lookup(osn, "cidr_block");
    const nat = new CoreNatGateway(this, "nat", { ...common, vcnId: this.vcn.id, displayName: name("nat") });
    const sgw = new CoreServiceGateway(this, "service-gateway", {
      ...common,
      vcnId: this.vcn.id,
      displayName: name("sgw"),
      services: [{ serviceId: Fn.lookup(osn, "id") }],
    });

    this.drg = new CoreDrg(this, "drg", { ...common, displayName: name("drg") });
    new CoreDrgAttachment(this, "drg-attachment", {
      provider,
      drgId: this.drg.id,
      displayName: name("vcn-attachment"),
      networkDetails: { id: this.vcn.id, type: "VCN" },
    });

    const toMesh: CoreRouteTableRouteRules = {
      destination: props.meshCidr,
      destinationType: "CIDR_BLOCK",
      networkEntityId: this.drg.id,
      description: "every VCN of the mesh, through the DRG's remote peering connections",
    };
    const privateRoutes = new CoreRouteTable(this, "private-routes", {
      ...common,
      vcnId: this.vcn.id,
      displayName: name("private"),
      routeRules: [
        { destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK", networkEntityId: nat.id, description: "internet egress through NAT" },
        { destination: this.serviceCidr, destinationType: "SERVICE_CIDR_BLOCK", networkEntityId: sgw.id, description: "Oracle Services Network" },
        toMesh,
      ],
    });
    let publicRoutes: CoreRouteTable | undefined;
    const isPublic = props.apiEndpoint.access === "public";
    if (isPublic) {
      const igw = new CoreInternetGateway(this, "internet-gateway", { ...common, vcnId: this.vcn.id, displayName: name("igw"), enabled: true });
      publicRoutes = new CoreRouteTable(this, "public-routes", {
        ...common,
        vcnId: this.vcn.id,
        displayName: name("public"),
        routeRules: [{ destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK", networkEntityId: igw.id, description: "internet through the internet gateway" }, toMesh],
      });
    }

    const subnet = (id: string, cidr: string, label: string, routes: CoreRouteTable, isPublic: boolean, securityListIds?: string[]) =>
      new CoreSubnet(this, id, {
        ...common,
        vcnId: this.vcn.id,
        cidrBlock: cidr,
        displayName: name(id),
        dnsLabel: label,
        routeTableId: routes.id,
        prohibitPublicIpOnVnic: !isPublic,
        prohibitInternetIngress: !isPublic,
        securityListIds,
      });
    this.subnets = {
      apiEndpoint: subnet("api-endpoint", spec.subnets.apiEndpoint, "api", publicRoutes ?? privateRoutes, isPublic),
      workers: subnet("workers", spec.subnets.workers, "workers", privateRoutes, false),
      internalLb: subnet("internal-lb", spec.subnets.internalLb, "ilb", privateRoutes, false),
    };

    const nsg = (id: string) => new CoreNetworkSecurityGroup(this, `${id}-nsg`, { ...common, vcnId: this.vcn.id, displayName: name(id) });
    this.nsgs = { apiEndpoint: nsg("api-endpoint"), workers: nsg("workers"), internalLb: nsg("internal-lb") };

    if (props.apiEndpoint.access === "bastion") {
      // The bastion's endpoint can have no NSG: its subnet's own security list lets it reach
      // the API endpoint, and nothing else.
      const toApi = new CoreSecurityList(this, "bastion-security-list", {
        ...common,
        vcnId: this.vcn.id,
        displayName: name("bastion"),
        egressSecurityRules: [
          {
            destination: spec.subnets.apiEndpoint,
            destinationType: "CIDR_BLOCK",
            protocol: Protocol.TCP,
            stateless: false,
            tcpOptions: { min: OkePorts.API_SERVER, max: OkePorts.API_SERVER },
            description: "bastion sessions to the Kubernetes API endpoint",
          },
        ],
      });
      // Port forwarding to the private endpoint; SOCKS5 sessions need the DNS proxy.
      this.bastion = new BastionBastion(this, "bastion", {
        ...common,
        bastionType: "standard",
        name: `${props.meshName}${spec.name}`.replace(/[^A-Za-z0-9]/g, ""),
        targetSubnetId: subnet("bastion-subnet", spec.subnets.bastion, "bastion", privateRoutes, false, [toApi.id]).id,
        clientCidrBlockAllowList: [...props.apiEndpoint.allowedCidrs],
        dnsProxyStatus: "ENABLED",
        maxSessionTtlInSeconds: 10800,
      });
    }
    this.addBaseRules(props);
  }

  /** Who may open connections to the API endpoint besides the cluster itself: the allow-list,
   * or, behind a bastion, only the bastion's subnet (the allow-list then guards the bastion). */
  private apiClients(props: RegionProps): Array<{ cidr: string; why: string }> {
    if (props.apiEndpoint.access === "bastion") return [{ cidr: this.spec.subnets.bastion, why: "the OCI Bastion subnet (port forwarding)" }];
    return props.apiEndpoint.allowedCidrs.map((cidr) => ({ cidr, why: `${cidr} (apiEndpoint.allowedCidrs)` }));
  }

  /** The rules a working OKE cluster needs inside one VCN (terraform-oci-oke defaults, with
   * ICMP limited to the mesh instead of the world). */
  private addBaseRules(props: RegionProps): void {
    const cp = { nsgId: this.nsgs.apiEndpoint.id };
    const workers = { nsgId: this.nsgs.workers.id };
    const ilb = { nsgId: this.nsgs.internalLb.id };
    const osn = { serviceCidr: this.serviceCidr };
    const mesh = { cidr: props.meshCidr };
    const { API_SERVER, CONTROL_PLANE, KUBELET, PROXY_HEALTHZ, NODE_PORTS } = OkePorts;
    const tcp = Protocol.TCP;

    const apiRules: NsgRule[] = [
      { id: "in-api-from-workers", direction: "INGRESS", protocol: tcp, ports: API_SERVER, peer: workers, description: "Kubernetes API from worker nodes" },
      { id: "in-cp-from-workers", direction: "INGRESS", protocol: tcp, ports: CONTROL_PLANE, peer: workers, description: "OKE control plane from worker nodes" },
      { id: "in-api-from-api", direction: "INGRESS", protocol: tcp, ports: API_SERVER, peer: cp, description: "Kubernetes API within the control plane" },
      { id: "in-pmtu-from-workers", direction: "INGRESS", protocol: Protocol.ICMP, icmp: ICMP_FRAGMENTATION_NEEDED, peer: workers, description: "path MTU discovery from worker nodes" },
      ...this.apiClients(props).map(
        ({ cidr, why }): NsgRule => ({ id: `in-api-from-${cidr.replace(/[./]/g, "-")}`, direction: "INGRESS", protocol: tcp, ports: API_SERVER, peer: { cidr }, description: `Kubernetes API from ${why}` }),
      ),
      { id: "out-osn", direction: "EGRESS", protocol: tcp, peer: osn, description: "control plane to Oracle Services Network" },
      { id: "out-kubelet", direction: "EGRESS", protocol: tcp, ports: KUBELET, peer: workers, description: "control plane to kubelets" },
      { id: "out-cp-to-workers", direction: "EGRESS", protocol: tcp, ports: CONTROL_PLANE, peer: workers, description: "OKE control plane to worker nodes" },
      { id: "out-api-to-api", direction: "EGRESS", protocol: tcp, ports: API_SERVER, peer: cp, description: "Kubernetes API within the control plane" },
      { id: "out-pmtu-to-workers", direction: "EGRESS", protocol: Protocol.ICMP, icmp: ICMP_FRAGMENTATION_NEEDED, peer: workers, description: "path MTU discovery to worker nodes" },
    ];
    const workerRules: NsgRule[] = [
      { id: "in-all-from-workers", direction: "INGRESS", protocol: Protocol.ALL, peer: workers, description: "node to node within the cluster" },
      { id: "in-all-from-api", direction: "INGRESS", protocol: Protocol.ALL, peer: cp, description: "control plane to nodes (kubelet, webhooks)" },
      { id: "in-tcp-nodeports-from-ilb", direction: "INGRESS", protocol: tcp, ports: NODE_PORTS, peer: ilb, description: "internal load balancers to TCP NodePorts" },
      { id: "in-udp-nodeports-from-ilb", direction: "INGRESS", protocol: Protocol.UDP, ports: NODE_PORTS, peer: ilb, description: "internal load balancers to UDP NodePorts" },
      { id: "in-healthz-from-ilb", direction: "INGRESS", protocol: tcp, ports: PROXY_HEALTHZ, peer: ilb, description: "internal load balancer health checks" },
      { id: "in-pmtu-from-mesh", direction: "INGRESS", protocol: Protocol.ICMP, icmp: ICMP_FRAGMENTATION_NEEDED, peer: mesh, description: "path MTU discovery within the mesh" },
      { id: "out-all-to-workers", direction: "EGRESS", protocol: Protocol.ALL, peer: workers, description: "node to node within the cluster" },
      { id: "out-api", direction: "EGRESS", protocol: tcp, ports: API_SERVER, peer: cp, description: "nodes to the Kubernetes API" },
      { id: "out-cp", direction: "EGRESS", protocol: tcp, ports: CONTROL_PLANE, peer: cp, description: "nodes to the OKE control plane" },
      { id: "out-osn", direction: "EGRESS", protocol: tcp, peer: osn, description: "nodes to Oracle Services Network (OCIR, Object Storage)" },
      { id: "out-internet", direction: "EGRESS", protocol: Protocol.ALL, peer: { cidr: "0.0.0.0/0" }, description: "nodes to the internet through NAT (image pulls)" },
    ];
    const ilbRules: NsgRule[] = [
      { id: "out-tcp-nodeports", direction: "EGRESS", protocol: tcp, ports: NODE_PORTS, peer: workers, description: "to TCP NodePorts of worker nodes" },
      { id: "out-udp-nodeports", direction: "EGRESS", protocol: Protocol.UDP, ports: NODE_PORTS, peer: workers, description: "to UDP NodePorts of worker nodes" },
      { id: "out-healthz", direction: "EGRESS", protocol: tcp, ports: PROXY_HEALTHZ, peer: workers, description: "health checks of worker nodes" },
      { id: "out-pmtu", direction: "EGRESS", protocol: Protocol.ICMP, icmp: ICMP_FRAGMENTATION_NEEDED, peer: workers, description: "path MTU discovery to worker nodes" },
    ];
    addNsgRules(new Construct(this.nsgs.apiEndpoint, "rules"), this.nsgs.apiEndpoint.id, apiRules, props.provider);
    addNsgRules(new Construct(this.nsgs.workers, "rules"), this.nsgs.workers.id, workerRules, props.provider);
    addNsgRules(new Construct(this.nsgs.internalLb, "rules"), this.nsgs.internalLb.id, ilbRules, props.provider);
  }
}

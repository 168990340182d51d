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
import { OkePorts } from "../config/ports";
import { ApiEndpointSpec, RegionSpec } from "../config/topology";
import { CorePrivateIp } from "../.gen/providers/oci/core-private-ip";
import { addNsgRules, NsgRule, Protocol } from "./nsg-rules";
import { apiEndpointRules, BaseRuleParties, internalLbRules, workerRules } from "./security-rules";

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
  /** Worker nodes: in-cluster rules. */
  readonly workers: CoreNetworkSecurityGroup;
  /** Worker nodes: cross-region rules, owned by the mesh stack (one NSG of their own keeps the
   * workers NSG's rule count independent of the number of regions). */
  readonly mesh: CoreNetworkSecurityGroup;
  /** Internal network load balancers (Cluster Mesh API server, DNS). Ingress from peers is
   * added by the mesh stack. */
  readonly internalLb: CoreNetworkSecurityGroup;
}

/** Private IPs reserved (lifetime RESERVED) in the internal-LB subnet for the mesh's own load
 * balancers: the addresses never return to the subnet's pool, so no other Service takes them. */
export interface RegionReservedIps {
  readonly dns: CorePrivateIp;
  readonly clustermesh: CorePrivateIp;
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
  readonly reservedIps: RegionReservedIps;
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
        routeRules: [
          { destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK", networkEntityId: igw.id, description: "internet through the internet gateway" },
          toMesh,
        ],
      });
    }

    const subnet = (id: string, cidr: string, label: string, routes: CoreRouteTable, publicCapable: boolean, securityListIds?: string[]) =>
      new CoreSubnet(this, id, {
        ...common,
        vcnId: this.vcn.id,
        cidrBlock: cidr,
        displayName: name(id),
        dnsLabel: label,
        routeTableId: routes.id,
        prohibitPublicIpOnVnic: !publicCapable,
        prohibitInternetIngress: !publicCapable,
        securityListIds,
      });
    this.subnets = {
      // Public-capable whatever the access mode: both prohibit_* flags are ForceNew (a change would
      // replace the subnet and with it the cluster), while the route table, the endpoint's
      // is_public_ip_enabled and its NSG update in place. Exposure is decided by those three:
      // without `access: public` there is no internet gateway and no public IP.
      apiEndpoint: subnet("api-endpoint", spec.subnets.apiEndpoint, "api", publicRoutes ?? privateRoutes, true),
      workers: subnet("workers", spec.subnets.workers, "workers", privateRoutes, false),
      internalLb: subnet("internal-lb", spec.subnets.internalLb, "ilb", privateRoutes, false),
    };
    // The load balancer takes the address when its Service is created (OKE,
    // oci.oraclecloud.com/reserved-private-ips); OCI then attaches it to the NLB's VNIC, which
    // this configuration must not undo: the provider would detach an assigned IP whose vnic_id
    // differs (terraform-provider-oci core_private_ip_resource.go, Update).
    const reserve = (id: string, ip: string, role: string) =>
      new CorePrivateIp(this, id, {
        provider,
        subnetId: this.subnets.internalLb.id,
        ipAddress: ip,
        lifetime: "RESERVED",
        displayName: name(role),
        lifecycle: { ignoreChanges: ["vnic_id"] },
      });
    this.reservedIps = {
      dns: reserve("dns-lb-ip", spec.loadBalancerIps.dns, "kube-dns-lb"),
      clustermesh: reserve("clustermesh-lb-ip", spec.loadBalancerIps.clustermesh, "clustermesh-apiserver"),
    };

    const nsg = (id: string) => new CoreNetworkSecurityGroup(this, `${id}-nsg`, { ...common, vcnId: this.vcn.id, displayName: name(id) });
    this.nsgs = { apiEndpoint: nsg("api-endpoint"), workers: nsg("workers"), mesh: nsg("mesh"), internalLb: nsg("internal-lb") };

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
  private apiClients(props: RegionProps): BaseRuleParties["apiClients"] {
    if (props.apiEndpoint.access === "bastion") return [{ cidr: this.spec.subnets.bastion, why: "the OCI Bastion subnet (port forwarding)" }];
    return props.apiEndpoint.allowedCidrs.map((cidr) => ({ cidr, why: `${cidr} (apiEndpoint.allowedCidrs)` }));
  }

  private addBaseRules(props: RegionProps): void {
    const parties: BaseRuleParties = {
      apiEndpointNsgId: this.nsgs.apiEndpoint.id,
      workersNsgId: this.nsgs.workers.id,
      internalLbNsgId: this.nsgs.internalLb.id,
      serviceCidr: this.serviceCidr,
      meshCidr: props.meshCidr,
      apiClients: this.apiClients(props),
    };
    const rulesOf = (nsg: CoreNetworkSecurityGroup, rules: NsgRule[]) => addNsgRules(new Construct(nsg, "rules"), nsg.id, rules, props.provider);
    rulesOf(this.nsgs.apiEndpoint, apiEndpointRules(parties));
    rulesOf(this.nsgs.workers, workerRules(parties));
    rulesOf(this.nsgs.internalLb, internalLbRules(parties));
  }
}

import { ServiceV1, ServiceV1SpecPort } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Construct } from "constructs";
import { GlobalServiceSpec } from "../config/topology";
import { ClusterConnectivity } from "./cluster-connectivity";
import { MeshMember } from "./mesh-member";
import { ServiceDiscovery } from "./service-discovery";

export interface GlobalServicesProps {
  /** Every cluster of the mesh; each member's CNI must be ready first (`cniReady`). */
  readonly members: readonly MeshMember[];
  readonly services: readonly GlobalServiceSpec[];
  /** What makes a Service global on this data plane (its annotations). */
  readonly connectivity: ClusterConnectivity;
  /** With cluster-set names, each Service is also exported (`<svc>.<ns>.svc.clusterset.local`). */
  readonly discovery: ServiceDiscovery;
}

/** A global service's ports, each named (Kubernetes requires names once there are several). */
export function globalServicePorts(service: GlobalServiceSpec): ServiceV1SpecPort[] {
  return service.ports.map((p) => ({
    name: p.name ?? `${p.protocol.toLowerCase()}-${p.port}`,
    port: p.port,
    targetPort: String(p.targetPort ?? p.port),
    protocol: p.protocol,
  }));
}

/**
 * The topology's global services: per cluster and service, a Service with the same name,
 * namespace, selector and ports, annotated by the connectivity (Cilium: service.cilium.io/global)
 * and exported by the discovery when it has cluster-set names. The pods it selects are the
 * user's (deployed per cluster). okemesh creates no namespace for them: removing a global service
 * must never delete a namespace that holds the application; `default` always exists.
 *
 * @example
 * new GlobalServices(stack, "global-services", { members, services: topology.globalServices, connectivity, discovery });
 */
export class GlobalServices extends Construct {
  constructor(scope: Construct, id: string, props: GlobalServicesProps) {
    super(scope, id);
    for (const member of props.members) {
      const cluster = new Construct(this, member.name);
      for (const service of props.services) this.addService(cluster, member, service, props);
    }
  }

  private addService(scope: Construct, member: MeshMember, service: GlobalServiceSpec, props: GlobalServicesProps): void {
    const { name, namespace } = service;
    // Ids hold '_' (no DNS label does): `<namespace>_<name>` never collides.
    const resource = new ServiceV1(scope, `${namespace}_${name}`, {
      provider: member.kubernetes,
      dependsOn: member.cniReady.dependables,
      metadata: {
        name,
        namespace,
        labels: { "app.kubernetes.io/managed-by": "okemesh" },
        annotations: props.connectivity.globalServiceAnnotations?.(service) ?? {},
      },
      spec: { type: "ClusterIP", selector: { ...service.selector }, port: globalServicePorts(service) },
    });
    if (props.discovery.clusterSetNames) props.discovery.exportService(scope, member, service, [resource]);
  }
}

// Rules on who reaches the Kubernetes API endpoints: an allow-list where one is needed, each
// entry once, and, with private endpoints, only clients the endpoints can answer.
import { within } from "../cidr";
import { DEFAULTS } from "../defaults";
import { shown } from "../echo";
import { Issue, list, repeats, Rule } from "./view";

const issue = (path: string, message: string): Issue => ({ path, message });

export const allowListRequired: Rule = {
  name: "bastion and public access need an allow-list",
  check: ({ apiEndpoint }) =>
    (apiEndpoint.access === "public" || apiEndpoint.access === "bastion") && list(apiEndpoint.allowedCidrs).length === 0
      ? [issue("apiEndpoint.allowedCidrs", `must list at least one client CIDR when apiEndpoint.access is ${apiEndpoint.access}`)]
      : [],
};

export const allowListOnce: Rule = {
  name: "every allow-list entry once (each becomes one rule)",
  check: ({ apiEndpoint }) => {
    const entries = list(apiEndpoint.allowedCidrs).map((value, i) => {
      const path = `apiEndpoint.allowedCidrs[${i}]`;
      return { path, value, label: path };
    });
    return repeats(entries).map((d) => issue(d.path, `${shown(d.value)} is also ${d.first}`));
  },
};

/**
 * A private endpoint answers only what its route table sends back: 0.0.0.0/0 to the NAT
 * gateway, the Oracle Services Network to the service gateway, meshCidr to the DRG. A client
 * outside meshCidr (an on-premises network over VPN, say) would never see a reply.
 */
export const privateClientsRoutable: Rule = {
  name: "with access private, every allowed client lies inside meshCidr",
  check: (view) => {
    const mesh = view.cidr("meshCidr");
    if ((view.apiEndpoint.access ?? DEFAULTS.apiEndpoint.access) !== "private" || !mesh) return [];
    return view.cidrFields.flatMap(({ path, cidr }) => {
      if (!path.startsWith("apiEndpoint.allowedCidrs") || !cidr || within(mesh, cidr)) return [];
      return [
        issue(
          path,
          `${cidr.text} is outside meshCidr ${mesh.text}: a private API endpoint routes only meshCidr back through the DRG ` +
            "(everything else goes to the NAT gateway), so these clients would get no answer; " +
            "run terraform in a VCN inside meshCidr attached to a mesh DRG, or use access: bastion or access: public",
        ),
      ];
    });
  },
};

// The grammars of names: what each accepts, and that none lets '$', '%', '{' or a space through.
import { HOSTNAME, IMAGE_REFERENCE, IPV4, OCI_PROFILE, ocid, PINNED_IMAGE, SHAPE, TFC_ORGANIZATION } from "../../config/names";

const HOSTILE = ["${x}", "%{x}", "a b", "a\nb", "a${x}", "x%{ if true }y{"];

describe.each<[string, RegExp, string[], string[]]>([
  [
    "shapes",
    SHAPE,
    ["VM.Standard.E5.Flex", "BM.GPU.A10.4", "VM.Standard.E2.1.Micro", "VM.Standard3.Flex", "BM.GPU.H100.8", "VM.DenseIO.E4.Flex"],
    ["Standard.E5.Flex", "VM.", "VM..Flex", "vm.standard.e5.flex", "VM.Standard.E5.Flex."],
  ],
  [
    "image OCIDs",
    ocid("image"),
    ["ocid1.image.oc1.eu-frankfurt-1.aaaaaaaa7abcdefghijk", "ocid1.image.oc4.uk-gov-london-1.aaaabbb"],
    ["ocid1.image.oc1", "ocid1.instance.oc1.phx.aaaa", "ocid1.image.OC1.phx.aaaa", "ocid2.image.oc1.phx.aaaa"],
  ],
  ["key OCIDs", ocid("key"), ["ocid1.key.oc1.iad.bbpt3ahfaaeuk.abuwcljsxyz", "ocid1.key.oc1..aaaaaaaa"], ["ocid1.key.", "ocid1.vault.oc1.iad.x.y"]],
  [
    "image references",
    IMAGE_REFERENCE,
    [
      "container-registry.oracle.com/middleware/coherence-ce:14.1.2-0-3",
      "ghcr.io/oracle/coherence-ce:22.06.10",
      "localhost:5000/a/b:1",
      `repo/x@sha256:${"a".repeat(64)}`,
      "coherence",
      "a__b/c-d",
    ],
    ["Repo/Upper:1", "a:b:c", "/lead", "trail/", "a..b:1", `x@sha256:${"a".repeat(63)}`],
  ],
  [
    "host names",
    HOSTNAME,
    ["app.terraform.io", "tfe.example.com:8443", "localhost"],
    ["-a.example.com", "a_b.example.com", "https://app.terraform.io", "a..b"],
  ],
  ["organizations", TFC_ORGANIZATION, ["my-org", "Org_1", "acme.corp"], ["", "my org", "org/x"]],
  ["profiles", OCI_PROFILE, ["DEFAULT", "eu-admin", "ci_runner.2"], ["", "-x", "a b", "[DEFAULT]"]],
  ["IPv4 addresses", IPV4, ["10.1.8.10", "255.255.255.255", "0.0.0.0"], ["10.1.8", "10.1.8.010", "256.1.1.1", "10.1.8.10/32"]],
])("%s", (_what, grammar, valid, invalid) => {
  it.each(valid)("accept %s", (v) => expect(grammar.test(v)).toBe(true));
  it.each([...invalid, ...HOSTILE])("refuse %j", (v) => expect(grammar.test(v)).toBe(false));
});

it("a pinned image names a tag or a digest", () => {
  expect(PINNED_IMAGE.test("repo/x:1")).toBe(true);
  expect(PINNED_IMAGE.test(`repo/x@sha256:${"0".repeat(64)}`)).toBe(true);
  expect(PINNED_IMAGE.test("localhost:5000/repo/x")).toBe(false);
});

import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { applyPreparePassSwitch, PreparePassInternals, setPreparePass } from "../../support/prepare-pass";
import { expectSwitchChangesNothing } from "../helpers";

/** Two stacks, the second reading the first's key: a cross-stack reference. */
function crossStackApp(): App {
  const app = Testing.app();
  const a = new TerraformStack(app, "a");
  new TlsProvider(a, "tls");
  const key = new PrivateKey(a, "key", { algorithm: "RSA" });
  const b = new TerraformStack(app, "b");
  new TlsProvider(b, "tls");
  new TerraformOutput(b, "pem", { value: key.publicKeyPem });
  return app;
}

describe("cdktf's preparing pass", () => {
  afterEach(() => setPreparePass(false));

  // Every topology file and mode, with this switch and the others off: support/synthesis.test.ts.
  it("is off by default, and back with OKEMESH_PREPARE_PASS=1: the same output for the default topology", () => {
    expectSwitchChangesNothing(applyPreparePassSwitch, "OKEMESH_PREPARE_PASS");
  });

  it("without it, a reference to another stack's resource fails the synth, naming both stacks", () => {
    applyPreparePassSwitch({});
    expect(() => crossStackApp().synth()).toThrow(/okemesh: stack b refers to tls_private_key\.key\.public_key_pem of stack a: /);
  });

  it("with it, cdktf wires the same reference through an output and a remote state, as it always did", () => {
    setPreparePass(true);
    const app = crossStackApp();
    app.synth();
    const b = JSON.parse(Testing.synth(app.node.findChild("b") as TerraformStack));
    expect(JSON.stringify(b.output.pem.value)).toContain("terraform_remote_state");
  });

  it("fails loudly when cdktf no longer has what the switch replaces", () => {
    const reference = { resolve: () => "" };
    expect(() => setPreparePass(false, { stack: {} as never, reference } as PreparePassInternals)).toThrow(
      "okemesh: cdktf's internals moved: TerraformStack no longer has prepareStack and ensureBackendExists",
    );
    const stack = { prepareStack: () => undefined, ensureBackendExists: () => undefined };
    expect(() => setPreparePass(false, { stack, reference: {} } as unknown as PreparePassInternals)).toThrow(
      "okemesh: cdktf's internals moved: a Reference expression no longer has resolve",
    );
  });
});

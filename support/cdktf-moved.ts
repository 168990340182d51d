// The error of okemesh's switches of cdktf's internals (token-traces.ts, prepare-pass.ts,
// plain-resolve.ts) when an upgrade of cdktf moved what a switch replaces.

/** A maker of `switchFile`'s errors: what moved, where to follow it, and the variable that leaves cdktf alone. */
export const movedError =
  (switchFile: string, envVariable: string) =>
  (what: string): Error =>
    new Error(`okemesh: cdktf's internals moved: ${what}. support/${switchFile} must follow cdktf (or set ${envVariable}=1 to leave cdktf alone).`);

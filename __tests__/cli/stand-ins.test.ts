// The stand-ins' cluster ids for tunnels: ports no other test process on the machine takes.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { freeClusterIds } from "./stand-ins";

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "okemesh-ids-"));
/** The pid of a process that has exited. */
const gone = (): number => Number(spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout);
const holder = (reservations: string, id: number) => fs.readFileSync(path.join(reservations, String(id)), "utf8");

describe("freeClusterIds", () => {
  it("reserves its ids for this process, and takes them again on the next call", async () => {
    const reservations = dir();
    const ids = await freeClusterIds(3, reservations);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      expect(id).toBeGreaterThanOrEqual(200);
      expect(id).toBeLessThanOrEqual(255);
      expect(holder(reservations, id)).toBe(String(process.pid));
    }
    expect(await freeClusterIds(3, reservations)).toEqual(ids);
  });

  it("skips the ids another live process holds and takes over those of a process that is gone", async () => {
    const reservations = dir();
    const [first, second] = await freeClusterIds(2, reservations);
    fs.writeFileSync(path.join(reservations, String(first)), String(process.ppid)); // jest's own process: alive
    fs.writeFileSync(path.join(reservations, String(second)), String(gone()));
    const next = await freeClusterIds(2, reservations);
    expect(next).not.toContain(first);
    expect(next).toContain(second);
    expect(holder(reservations, first)).toBe(String(process.ppid));
    expect(holder(reservations, second)).toBe(String(process.pid));
  });

  it("skips an id another process is reserving (its file still empty)", async () => {
    const reservations = dir();
    const [id] = await freeClusterIds(1, reservations);
    fs.writeFileSync(path.join(reservations, String(id)), "");
    expect(await freeClusterIds(1, reservations)).not.toContain(id);
    expect(holder(reservations, id)).toBe("");
  });

  it("skips an id whose port something listens on", async () => {
    const reservations = dir();
    const [id] = await freeClusterIds(1, reservations);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(10800 + id, "127.0.0.1", resolve));
    try {
      expect(await freeClusterIds(1, reservations)).not.toContain(id);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

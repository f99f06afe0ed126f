import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

/** What a client sent in IDENTIFY (op 2), with the session the fake opened for it. */
export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: unknown;
  shard: unknown;
  sessionId: string;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number;
  /** False when the fake answered INVALID_SESSION (unknown session). */
  resumed: boolean;
  at: number;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  socket: WebSocket | null;
  sent: Array<{ s: number; t: string; d: unknown }>;
}

/** GatewayIntentBits.Guilds: GUILD_CREATE, THREAD_CREATE and the other guild events need it. */
export const INTENT_GUILDS = 1;
/** How many dispatches a session keeps for replay on RESUME. */
const REPLAY_BUFFER = 500;

const frame = (op: number, d: unknown, s: number | null = null, t: string | null = null) =>
  JSON.stringify({ op, d, s, t });

export interface GatewayOptions {
  server: Server;
  token: string;
  heartbeatIntervalMs: number;
  /** Intents the application may not use (privileged ones it was not granted): IDENTIFY with them gets 4014. */
  disallowedIntents: number;
  now: () => number;
  /** READY's `d` for a new session. */
  ready: (sessionId: string) => unknown;
  /** One GUILD_CREATE `d` per guild, sent after READY to sessions with the Guilds intent. */
  guildCreates: () => unknown[];
}

/**
 * The gateway on the REST server's port: HELLO, IDENTIFY → READY + GUILD_CREATEs, HEARTBEAT → ACK,
 * RESUME with replay of missed dispatches. A client closing with 1000/1001 ends its session, as on Discord.
 */
export function createGateway(options: GatewayOptions) {
  const { token, now } = options;
  const wss = new WebSocketServer({ server: options.server });
  const sessions = new Map<string, Session>();
  const identifies: IdentifyRecord[] = [];
  const resumes: ResumeRecord[] = [];
  const connections: Array<{ url: string; at: number }> = [];
  let heartbeats = 0;

  function emit(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.sent.push({ s, t, d });
    if (session.sent.length > REPLAY_BUFFER) session.sent.shift();
    if (session.socket?.readyState === 1) session.socket.send(frame(0, d, s, t));
  }

  wss.on("error", () => {});
  wss.on("connection", (socket, req) => {
    connections.push({ url: req.url ?? "/", at: now() });
    let session: Session | undefined;
    socket.on("error", () => {});
    socket.on("close", (code) => {
      if (session?.socket !== socket) return;
      session.socket = null;
      if (code === 1000 || code === 1001) sessions.delete(session.id);
    });
    socket.send(frame(10, { heartbeat_interval: options.heartbeatIntervalMs }));
    socket.on("message", (raw) => {
      let payload: { op?: number; d?: Record<string, unknown> | number | null };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      const d = typeof payload.d === "object" && payload.d !== null ? payload.d : {};
      switch (payload.op) {
        case 1:
          heartbeats++;
          socket.send(frame(11, null));
          return;
        case 2:
          session = identify(socket, d, session);
          return;
        case 6:
          session = resume(socket, d) ?? session;
          return;
        default:
          if (!session) socket.close(4003, "Not authenticated.");
      }
    });
  });

  function identify(socket: WebSocket, d: Record<string, unknown>, current: Session | undefined) {
    if (current) {
      socket.close(4005, "Already authenticated.");
      return current;
    }
    if (d.token !== token) {
      socket.close(4004, "Authentication failed.");
      return undefined;
    }
    const intents = Number(d.intents ?? 0);
    if ((intents & options.disallowedIntents) !== 0) {
      socket.close(4014, "Disallowed intent(s).");
      return undefined;
    }
    const session: Session = { id: randomBytes(16).toString("hex"), seq: 0, intents, socket, sent: [] };
    sessions.set(session.id, session);
    identifies.push({
      token: d.token,
      intents,
      properties: d.properties,
      shard: d.shard,
      sessionId: session.id,
      at: now(),
    });
    emit(session, "READY", options.ready(session.id));
    if ((intents & INTENT_GUILDS) !== 0)
      for (const guild of options.guildCreates()) emit(session, "GUILD_CREATE", guild);
    return session;
  }

  function resume(socket: WebSocket, d: Record<string, unknown>): Session | undefined {
    if (d.token !== token) {
      socket.close(4004, "Authentication failed.");
      return undefined;
    }
    const seq = Number(d.seq ?? 0);
    const session = sessions.get(String(d.session_id));
    resumes.push({ sessionId: String(d.session_id), seq, resumed: session !== undefined, at: now() });
    if (!session) {
      socket.send(frame(9, false));
      return undefined;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    for (const e of session.sent) if (e.s > seq) socket.send(frame(0, e.d, e.s, e.t));
    emit(session, "RESUMED", {});
    return session;
  }

  return {
    identifies,
    resumes,
    connections,
    get heartbeats() {
      return heartbeats;
    },
    /** Sessions (connected or waiting to resume) that a dispatch would reach. */
    sessionCount: () => sessions.size,
    /** Sends a dispatch to every session with `intent` (if given); disconnected ones get it on RESUME. */
    dispatch(t: string, d: unknown, intent?: number): number {
      let reached = 0;
      for (const session of sessions.values()) {
        if (intent !== undefined && (session.intents & intent) === 0) continue;
        emit(session, t, d);
        reached++;
      }
      return reached;
    },
    /** op 7 RECONNECT: the client closes and RESUMEs at `resume_gateway_url`. */
    requestReconnect(): void {
      for (const s of sessions.values()) if (s.socket?.readyState === 1) s.socket.send(frame(7, null));
    },
    /** Closes every socket with `code`; 4000 (unknown error) makes discord.js RESUME. */
    disconnect(code: number): void {
      for (const s of sessions.values()) s.socket?.close(code);
    },
    close(): Promise<void> {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;

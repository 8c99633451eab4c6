export interface RoundRobinFront {
  port: number;
  close(): Promise<void>;
}

export function startRoundRobin(options: { port: number; targets: number[] }): Promise<RoundRobinFront>;

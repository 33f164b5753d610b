/** The small part of Express 5 the peer server uses (a devDependency without bundled types). */
declare module 'express' {
  interface Request {
    params: Record<string, string>;
  }
  interface Response {
    status(code: number): Response;
    send(body: string): Response;
    json(body: unknown): Response;
    render(view: string, locals: Record<string, unknown>): void;
  }
  type Handler = (request: Request, response: Response, next: (error?: unknown) => void) => unknown;
  interface Application {
    set(name: string, value: unknown): Application;
    get(path: string, handler: Handler): Application;
    listen(port: number, host: string): import('node:http').Server;
  }
  export default function express(): Application;
}

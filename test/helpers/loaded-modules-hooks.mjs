/** The loader hook of loaded-modules.mjs: posts each module's URL to the main thread as it loads. */
let port;

export function initialize(data) {
  port = data.port;
}

export async function load(url, context, next) {
  port.postMessage(url);
  return next(url, context);
}

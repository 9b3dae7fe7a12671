// The files of a build that an integrator does not ship: the demo's sandbox
// (its service worker and its folder) and the Aerosync SDK, which the page
// loads from its own import map. scripts/weight.mjs leaves them out of the
// weight; scripts/slim-build.mjs leaves them as they are.
//
// `path` is relative to the build's folder, with `/` separators.
export const notShipped = (path) => /(^|\/)sandbox(-sw\.js|\/)|aerosync-web-sdk\.js$/.test(path);

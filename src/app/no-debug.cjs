// Stands in for the `debug` package in the built app (vite.config.ts alias). fhirclient logs through it only when
// a developer sets localStorage.debug; the built app never does, and its log lines could carry request URLs.
// Dropping it keeps the launch page small (debug and ms are about 4 KB gzip). CommonJS, because fhirclient
// calls `require("debug")(namespace)`.
'use strict';

function logger(namespace) {
  const log = function () {};
  log.enabled = false;
  log.namespace = namespace;
  log.extend = function (child) {
    return logger(namespace + ':' + child);
  };
  return log;
}

module.exports = logger;

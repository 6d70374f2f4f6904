/**
 * Jest setup file. cdktf records a full stack trace for every token it creates (`creationStack`, read
 * only in a token resolution error). Under jest, source-map-support maps each frame through the inline
 * source maps of cdktf's files: about two thirds of an in-process synth's time went there. Tests assert
 * on synthesized JSON, which never holds these stacks; bin/golive.js is unaffected.
 */
import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

(stackTrace as { captureStackTrace: (below?: unknown) => string[] }).captureStackTrace = () => [];

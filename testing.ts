/**
 * Testing tools: a local Globus (Auth + Transfer) emulator that real
 * clients can talk to without an account or a network.
 *
 * @module
 */
export {};

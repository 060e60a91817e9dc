export { type AggregatorDeps, buildApp } from './app.js';

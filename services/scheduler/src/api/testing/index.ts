export { startTestApi, TEST_API_KEY, type TestApi, type TestApiOptions } from './harness.js';
export { testRunService } from './test-run-service.js';

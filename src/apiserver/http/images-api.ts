import { badRequest, failure } from '../errors.js';

/** IMAGES_PATH is where the daemon lists and loads images: minik9s' own endpoint beside the Kubernetes API. */
export const IMAGES_PATH = '/minik9s/v1/images';

/** ImageStore is what holds the nodes' images (the simulated cluster). */
export interface ImageStore {
  images(): string[];
  loadImage(image: string): void;
}

/** isImageReference accepts what docker would: [registry/]repository[:tag][@digest], lower case. */
export const isImageReference = (name: string): boolean => IMAGE_REF.test(name);

const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** serveImages answers GET (the images on the nodes) and POST {"name": ...} (load an image, like `minikube image load`). */
export function serveImages(store: ImageStore | undefined, method: string, body: unknown): unknown {
  if (!store) throw failure(404, 'NotFound', 'this server simulates no nodes to hold images');
  if (method === 'GET') return { images: store.images() };
  if (method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const name = (body as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || !IMAGE_REF.test(name)) throw badRequest(`invalid reference format: "${String(name ?? '')}" is not an image name`);
  store.loadImage(name);
  return { images: store.images() };
}

import { cache } from 'react';
import { apiRequestAsUser } from './api';
import { type Viewer, viewerSchema } from '@switchyard/contracts';

/** Who is signed in, asked once per request however many components need it. */
export const getViewer = cache(async (): Promise<Viewer> => apiRequestAsUser('/admin/auth/me', viewerSchema));

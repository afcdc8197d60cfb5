'use client';

// The role's pages fail with the same calm message and retry.
export { SegmentError as default } from '@/components/ui/segment-error';

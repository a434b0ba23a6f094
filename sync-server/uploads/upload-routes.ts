/** HTTP routes of uploads (common/upload-protocol.ts). TO BE WRITTEN. */
import express from 'express';
import type { CurrentUser } from '../http-route.js';
import type { UploadService } from './upload-service.js';

export function uploadRoutes(service: UploadService, currentUser: CurrentUser): express.Router {
  void service;
  void currentUser;
  return express.Router();
}

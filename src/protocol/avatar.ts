import * as z from "zod/mini";

/** Facial animation output (blendshapes, visemes) for 3D avatars (REFERENCE §4.6). */
export const AnimationSchema = z.object({
  model_name: z.optional(z.string()),
  outputs: z.optional(z.array(z.enum(["blendshapes", "viseme_id"]))),
});
export type Animation = z.infer<typeof AnimationSchema>;

/** A STUN/TURN server for the avatar's WebRTC connection. */
export const IceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});
export type IceServer = z.infer<typeof IceServerSchema>;

const point = () => z.tuple([z.int().check(z.gte(0)), z.int().check(z.gte(0))]);

/** Avatar video stream parameters. */
export const VideoParamsSchema = z.object({
  bitrate: z.optional(z.int().check(z.gt(0))),
  codec: z.optional(z.string()),
  crop: z.optional(z.object({ top_left: point(), bottom_right: point() })),
  resolution: z.optional(
    z.object({ width: z.int().check(z.gt(0)), height: z.int().check(z.gt(0)) }),
  ),
  /** A solid color (`#RRGGBBAA`) or an image; only one of the two. */
  background: z.optional(
    z.union([
      z.object({ color: z.string().check(z.regex(/^#[0-9a-fA-F]{8}$/)) }),
      z.object({ image_url: z.string() }),
    ]),
  ),
  gop_size: z.optional(z.int().check(z.gte(1), z.lte(2000))),
});
export type VideoParams = z.infer<typeof VideoParamsSchema>;

/** Photo-avatar camera and motion settings. */
export const SceneSchema = z.object({
  zoom: z.optional(z.number()),
  position_x: z.optional(z.number().check(z.gte(-1), z.lte(1))),
  position_y: z.optional(z.number().check(z.gte(-1), z.lte(1))),
  rotation_x: z.optional(z.number()),
  rotation_y: z.optional(z.number()),
  rotation_z: z.optional(z.number()),
  amplitude: z.optional(z.number()),
});
export type Scene = z.infer<typeof SceneSchema>;

/** The `avatar` field (REFERENCE §4.7). */
export const AvatarConfigSchema = z.object({
  character: z.string().check(z.minLength(1)),
  customized: z.boolean(),
  type: z.optional(z.enum(["video-avatar", "photo-avatar"])),
  model: z.optional(z.string()),
  style: z.optional(z.string()),
  ice_servers: z.optional(z.array(IceServerSchema)),
  video: z.optional(VideoParamsSchema),
  scene: z.optional(SceneSchema),
  output_protocol: z.optional(z.enum(["webrtc", "websocket"])),
  output_audit_audio: z.optional(z.boolean()),
});
export type AvatarConfig = z.infer<typeof AvatarConfigSchema>;

import { z } from "zod";

// Every message a user can read is in Traditional Chinese, including zod's defaults for a missing
// field or an unknown option (schemas give their own messages where the wording matters).
z.config(z.locales.zhTW());

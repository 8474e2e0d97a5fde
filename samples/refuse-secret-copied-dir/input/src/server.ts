import { serve } from "@acme/orders-core";
serve(8080);

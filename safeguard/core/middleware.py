"""Every response says when the service runs on a training clock, so an agency system driving the
API (which sees no page banner) cannot mistake it for the real date either."""

from safeguard.core import clock

TRAINING_CLOCK_HEADER = "Safeguard-Training-Clock"


class TrainingClockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        moment = clock.training_now()
        if moment is not None:
            response[TRAINING_CLOCK_HEADER] = moment.isoformat()
        return response
